using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.RegularExpressions;

namespace NumberDirectory.Core.Naptr;

/// <summary>
/// The REGEXP field of a NAPTR record: <c>delim ere delim repl delim [i]</c>, such as
/// <c>!^\+1(.*)$!sip:\1@pbx-b.example.net!</c>. The ERE is translated by <see cref="PosixRegex"/> and
/// run on .NET's non-backtracking engine with a match timeout, so a hostile expression costs a bounded
/// time; the replacement's back-references <c>\1</c>–<c>\9</c> are filled in here.
/// </summary>
/// <remarks>
/// RFC 3402 §3.2: the delimiter is any character but <c>\</c>, a digit or the flag <c>i</c>, and
/// <c>\</c> before it stands for itself; in the replacement <c>\\</c> is a backslash and <c>\0</c> is not
/// a back-reference; the flag <c>i</c> makes the match ignore case. The output is the replacement alone,
/// as Asterisk and Kamailio compute it (sed would keep the unmatched parts of the string; for the
/// anchored expressions ENUM uses the two agree). docs/protocols/enum.md §Upstream ENUM client.
/// </remarks>
public sealed class NaptrSubstitution
{
    /// <summary>How long one match may take unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultMatchTimeout = TimeSpan.FromMilliseconds(50);

    private readonly Regex _regex;
    private readonly ImmutableArray<(string? Text, int Group)> _replacement;

    private NaptrSubstitution(Regex regex, ImmutableArray<(string? Text, int Group)> replacement, string text)
    {
        _regex = regex;
        _replacement = replacement;
        Text = text;
    }

    /// <summary>The field as it was written.</summary>
    public string Text { get; }

    /// <summary>The .NET pattern the ERE was translated to.</summary>
    public string Pattern => _regex.ToString();

    /// <summary>Parses and compiles <paramref name="text"/>, or says what is wrong with it.</summary>
    public static bool TryParse(string text, TimeSpan matchTimeout, [NotNullWhen(true)] out NaptrSubstitution? substitution, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        substitution = null;
        if (text.Length == 0)
        {
            error = "the regexp is empty";
            return false;
        }

        var delimiter = text[0];
        if (delimiter is '\\' or 'i' or 'I' || char.IsAsciiDigit(delimiter))
        {
            error = $"'{delimiter}' cannot be the delimiter (not '\\', a digit or the flag 'i')";
            return false;
        }

        if (!TrySplit(text, delimiter, out var ere, out var repl, out var flags, out error))
        {
            return false;
        }

        if (flags.Any(f => f is not ('i' or 'I')))
        {
            error = $"unknown regexp flags '{flags}'; only 'i' is defined";
            return false;
        }

        if (ere.Length == 0)
        {
            error = "the expression between the first two delimiters is empty";
            return false;
        }

        if (!PosixRegex.TryTranslate(ere, delimiter, out var pattern, out var groups, out error))
        {
            error = "not a POSIX ERE: " + error;
            return false;
        }

        if (!TryParseReplacement(repl, delimiter, groups, out var replacement, out error))
        {
            return false;
        }

        var options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | RegexOptions.Singleline
            | (flags.Length > 0 ? RegexOptions.IgnoreCase : RegexOptions.None);
        try
        {
            substitution = new NaptrSubstitution(new Regex(pattern, options, matchTimeout), replacement, text);
        }
        catch (NotSupportedException ex)
        {
            // The non-backtracking engine refuses an automaton past its size limit (nested counted
            // repetitions): too costly to run, so the record is not usable.
            error = "the expression is too complex to run safely: " + ex.Message;
            return false;
        }
        catch (ArgumentException ex)
        {
            error = "the expression does not compile: " + ex.Message;
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Applies the substitution to <paramref name="input"/> (for ENUM, <c>+</c> and the digits).</summary>
    public NaptrMatch Apply(string input, out string? output)
    {
        ArgumentNullException.ThrowIfNull(input);
        output = null;
        Match match;
        try
        {
            match = _regex.Match(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return NaptrMatch.TimedOut;
        }

        if (!match.Success)
        {
            return NaptrMatch.NoMatch;
        }

        var result = new StringBuilder();
        foreach (var (literal, group) in _replacement)
        {
            // A group that took no part in the match contributes nothing.
            result.Append(literal ?? match.Groups[group].Value);
        }

        output = result.ToString();
        return NaptrMatch.Matched;
    }

    private static bool TrySplit(string text, char delimiter, out string ere, out string repl, out string flags, [NotNullWhen(false)] out string? error)
    {
        ere = repl = flags = string.Empty;
        var fields = new List<string>(2);
        var start = 1;
        for (var i = 1; i < text.Length && fields.Count < 2; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                // A pair, kept as written: the ERE and the replacement each read their own escapes.
                i++;
            }
            else if (text[i] == delimiter)
            {
                fields.Add(text[start..i]);
                start = i + 1;
            }
        }

        if (fields.Count < 2)
        {
            error = $"the regexp needs three '{delimiter}' delimiters: {delimiter}ere{delimiter}replacement{delimiter}";
            return false;
        }

        (ere, repl, flags) = (fields[0], fields[1], text[start..]);
        error = null;
        return true;
    }

    private static bool TryParseReplacement(string repl, char delimiter, int groups, out ImmutableArray<(string? Text, int Group)> parts, [NotNullWhen(false)] out string? error)
    {
        var builder = ImmutableArray.CreateBuilder<(string? Text, int Group)>();
        var literal = new StringBuilder();
        for (var i = 0; i < repl.Length; i++)
        {
            var c = repl[i];
            if (c != '\\')
            {
                literal.Append(c);
                continue;
            }

            var next = i + 1 < repl.Length ? repl[i + 1] : '\0';
            i++;
            if (next == delimiter || next == '\\')
            {
                literal.Append(next);
            }
            else if (next is >= '1' and <= '9')
            {
                var group = next - '0';
                if (group > groups)
                {
                    parts = default;
                    error = $"the replacement refers to group \\{group}, but the expression has {groups}";
                    return false;
                }

                if (literal.Length > 0)
                {
                    builder.Add((literal.ToString(), 0));
                    literal.Clear();
                }

                builder.Add((null, group));
            }
            else
            {
                parts = default;
                error = next == '0'
                    ? "'\\0' in the replacement is not a back-reference (they are \\1 to \\9)"
                    : $"'\\{next}' in the replacement is neither a back-reference (\\1 to \\9) nor an escape ('\\\\' or '\\{delimiter}')";
                return false;
            }
        }

        if (literal.Length > 0)
        {
            builder.Add((literal.ToString(), 0));
        }

        parts = builder.ToImmutable();
        error = null;
        return true;
    }
}
