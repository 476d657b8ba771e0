using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace NumberDirectory.Core.Naptr;

/// <summary>
/// Translates a POSIX extended regular expression (ERE), as NAPTR regexps are written, into a .NET
/// pattern that means the same thing, or refuses it with the reason. What ERE leaves undefined, and
/// what .NET would read differently (<c>(?</c>, lazy quantifiers, <c>\d</c>, back-references in the
/// pattern, <c>\</c> inside a bracket), is refused rather than guessed.
/// </summary>
/// <remarks>
/// RFC 3402 §3.2 (the ERE of a substitution expression); POSIX.1-2017 XBD §9.4 (ERE grammar: branches,
/// groups, <c>* + ? {m,n}</c>, bracket expressions with <c>[:class:]</c>, <c>]</c> first taken
/// literally, <c>\</c> literal inside brackets, at most 255 repeats). The pattern is meant for
/// <c>RegexOptions.Singleline</c> (POSIX <c>.</c> matches every character) and
/// <c>RegexOptions.NonBacktracking</c>; <c>$</c> becomes <c>\z</c>, since .NET's <c>$</c> also matches
/// before a final newline. Alternation takes the first alternative that leads to a match, not the
/// longest, so a group's capture may differ from a POSIX engine's; the anchored expressions ENUM uses
/// match the same text either way. docs/protocols/enum.md §Upstream ENUM client.
/// </remarks>
public static class PosixRegex
{
    /// <summary>RE_DUP_MAX, the largest count POSIX requires in <c>{m,n}</c>.</summary>
    public const int MaxRepeat = 255;

    /// <summary>
    /// Translates <paramref name="ere"/>. <paramref name="delimiter"/> is the substitution expression's
    /// delimiter, if any: <c>\</c> before it stands for the delimiter itself (RFC 3402 §3.2), inside a
    /// bracket too. <paramref name="groups"/> is the number of capturing groups.
    /// </summary>
    public static bool TryTranslate(string ere, char? delimiter, [NotNullWhen(true)] out string? pattern, out int groups, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(ere);
        var reader = new Reader(ere, delimiter);
        pattern = null;
        groups = 0;
        if (!reader.Alternation(depth: 0, out error))
        {
            error ??= "not an expression";
            return false;
        }

        if (!reader.AtEnd)
        {
            error = $"unmatched ')' at position {reader.Position}";
            return false;
        }

        pattern = reader.Output.ToString();
        groups = reader.Groups;
        return true;
    }

    private sealed class Reader(string text, char? delimiter)
    {
        private const int MaxDepth = 32;

        private int _position;

        public StringBuilder Output { get; } = new();

        public int Groups { get; private set; }

        public int Position => _position;

        public bool AtEnd => _position >= text.Length;

        private char Current => text[_position];

        public bool Alternation(int depth, out string? error)
        {
            if (!Branch(depth, out error))
            {
                return false;
            }

            while (!AtEnd && Current == '|')
            {
                _position++;
                Output.Append('|');
                if (!Branch(depth, out error))
                {
                    return false;
                }
            }

            return true;
        }

        private bool Branch(int depth, out string? error)
        {
            var pieces = 0;
            while (!AtEnd && Current is not ('|' or ')'))
            {
                if (!Piece(depth, out error))
                {
                    return false;
                }

                pieces++;
            }

            if (pieces == 0)
            {
                // POSIX leaves an empty branch, "a||b" or "()", undefined.
                error = $"empty alternative or group at position {_position}";
                return false;
            }

            error = null;
            return true;
        }

        private bool Piece(int depth, out string? error)
        {
            var start = _position;
            var c = Current;
            bool repeatable;
            switch (c)
            {
                case '*' or '+' or '?' or '{':
                    error = c == '?' && start > 0 && text[start - 1] == '('
                        ? $"'(?' at position {start - 1} is .NET group syntax; an ERE group is a plain '(…)'"
                        : $"'{c}' at position {start} repeats nothing";
                    return false;
                case '^':
                    _position++;
                    Output.Append('^');
                    repeatable = false;
                    break;
                case '$':
                    _position++;
                    Output.Append(@"\z");
                    repeatable = false;
                    break;
                case '.':
                    _position++;
                    Output.Append('.');
                    repeatable = true;
                    break;
                case '(':
                    if (depth >= MaxDepth)
                    {
                        error = $"groups nested deeper than {MaxDepth} at position {start}";
                        return false;
                    }

                    _position++;
                    Groups++;
                    Output.Append('(');
                    if (!Alternation(depth + 1, out error))
                    {
                        return false;
                    }

                    if (AtEnd)
                    {
                        error = $"unclosed '(' at position {start}";
                        return false;
                    }

                    _position++;
                    Output.Append(')');
                    repeatable = true;
                    break;
                case '[':
                    if (!PosixBracket.TryRead(text, ref _position, delimiter, Output, out error))
                    {
                        return false;
                    }

                    repeatable = true;
                    break;
                case '\\':
                    if (!Escape(out error))
                    {
                        return false;
                    }

                    repeatable = true;
                    break;
                default:
                    _position++;
                    PosixBracket.Literal(Output, c);
                    repeatable = true;
                    break;
            }

            return Repetition(repeatable, out error);
        }

        private bool Repetition(bool repeatable, out string? error)
        {
            error = null;
            var repeated = false;
            while (!AtEnd && Current is '*' or '+' or '?' or '{')
            {
                var at = _position;
                if (!repeatable)
                {
                    error = $"'{Current}' at position {at} repeats an anchor";
                    return false;
                }

                if (repeated)
                {
                    // .NET reads "a+?" as lazy and "a{2}+" as an error; ERE leaves two in a row undefined.
                    error = $"'{Current}' at position {at} follows another repetition; write one repetition per atom (lazy quantifiers are not ERE)";
                    return false;
                }

                if (Current == '{')
                {
                    if (!Interval(out error))
                    {
                        return false;
                    }
                }
                else
                {
                    Output.Append(Current);
                    _position++;
                }

                repeated = true;
            }

            return true;
        }

        private bool Interval(out string? error)
        {
            var at = _position;
            _position++;
            if (!Count(out var min))
            {
                error = $"'{{' at position {at} does not start an interval '{{m}}', '{{m,}}' or '{{m,n}}'";
                return false;
            }

            int? max = min;
            if (!AtEnd && Current == ',')
            {
                _position++;
                max = null;
                if (!AtEnd && char.IsAsciiDigit(Current))
                {
                    if (!Count(out var upper))
                    {
                        error = $"bad interval at position {at}";
                        return false;
                    }

                    max = upper;
                }
            }

            if (AtEnd || Current != '}')
            {
                error = $"unclosed interval at position {at}";
                return false;
            }

            _position++;
            if (min > MaxRepeat || max > MaxRepeat)
            {
                error = $"interval at position {at} repeats more than {MaxRepeat} times";
                return false;
            }

            if (max < min)
            {
                error = $"interval at position {at} has its larger count first";
                return false;
            }

            Output.Append('{').Append(min.ToString(CultureInfo.InvariantCulture));
            if (max != min)
            {
                Output.Append(',');
                if (max is { } m)
                {
                    Output.Append(m.ToString(CultureInfo.InvariantCulture));
                }
            }

            Output.Append('}');
            error = null;
            return true;
        }

        private bool Count(out int value)
        {
            value = 0;
            var digits = 0;
            while (!AtEnd && char.IsAsciiDigit(Current) && digits < 4)
            {
                value = (value * 10) + (Current - '0');
                _position++;
                digits++;
            }

            return digits > 0 && (AtEnd || !char.IsAsciiDigit(Current));
        }

        private bool Escape(out string? error)
        {
            var at = _position;
            if (_position + 1 >= text.Length)
            {
                error = $"'\\' at the end of the expression escapes nothing";
                return false;
            }

            var next = text[_position + 1];
            _position += 2;
            if (next == delimiter || !char.IsAsciiLetterOrDigit(next))
            {
                // A special character made ordinary, or the escaped delimiter: either way a literal.
                PosixBracket.Literal(Output, next);
                error = null;
                return true;
            }

            error = char.IsAsciiDigit(next)
                ? $"'\\{next}' at position {at} is a back-reference, which EREs do not have (use it in the replacement)"
                : $"'\\{next}' at position {at} is not ERE (.NET would read it as a shorthand or an escape); write a bracket expression such as [[:digit:]]";
            return false;
        }
    }
}
