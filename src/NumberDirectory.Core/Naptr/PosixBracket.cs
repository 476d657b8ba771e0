using System.Globalization;
using System.Text;

namespace NumberDirectory.Core.Naptr;

/// <summary>
/// The bracket expressions of a POSIX ERE (<c>[0-9]</c>, <c>[^]x]</c>, <c>[[:digit:]]</c>), written as
/// .NET character classes whose every member is a literal, and the literals of the rest of the pattern.
/// </summary>
/// <remarks>
/// POSIX.1-2017 XBD §9.3.5: <c>]</c> first (after <c>^</c>) is a member; <c>-</c> first or last is a
/// member; <c>\</c> is an ordinary character (so <c>[\d]</c> is a backslash or a d, never a digit);
/// classes are those of the POSIX locale, ASCII; collating symbols and equivalence classes of one
/// character are that character. RFC 3402 §3.2: <c>\</c> before the delimiter is the delimiter.
/// </remarks>
internal static class PosixBracket
{
    /// <summary>Reads the bracket expression at <paramref name="position"/> (its <c>[</c>) into <paramref name="output"/>.</summary>
    public static bool TryRead(string text, ref int position, char? delimiter, StringBuilder output, out string? error)
    {
        var at = position;
        position++;
        var set = new StringBuilder("[");
        if (position < text.Length && text[position] == '^')
        {
            set.Append('^');
            position++;
        }

        var members = 0;
        while (true)
        {
            if (position >= text.Length)
            {
                error = $"unclosed '[' at position {at}";
                return false;
            }

            // ']' first (after '^') is a member, as POSIX says.
            if (text[position] == ']' && members > 0)
            {
                position++;
                break;
            }

            if (!Term(text, ref position, delimiter, set, out var low, out error))
            {
                return false;
            }

            members++;
            if (low is { } first && IsRangeDash(text, position))
            {
                var dash = position;
                position++;
                if (text[position] == '[' && position + 1 < text.Length && text[position + 1] == ':')
                {
                    error = $"a character class cannot end a range (position {position})";
                    return false;
                }

                if (!Term(text, ref position, delimiter, new StringBuilder(), out var end, out error))
                {
                    return false;
                }

                var last = end!.Value;
                if (last < first)
                {
                    error = $"range '{first}-{last}' at position {dash - 1} runs backwards";
                    return false;
                }

                set.Append('-');
                Literal(set, last);
                if (IsRangeDash(text, position))
                {
                    error = $"'-' at position {position} follows a range; POSIX leaves 'a-c-e' undefined";
                    return false;
                }
            }
        }

        output.Append(set).Append(']');
        error = null;
        return true;
    }

    /// <summary>Appends <paramref name="c"/> as a .NET literal: letters and digits as they are, anything else as <c>\uXXXX</c>.</summary>
    public static void Literal(StringBuilder output, char c)
    {
        if (char.IsAsciiLetterOrDigit(c))
        {
            output.Append(c);
        }
        else
        {
            output.Append(@"\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
    }

    // A '-' that is not the last member, so it makes a range.
    private static bool IsRangeDash(string text, int position) =>
        position + 1 < text.Length && text[position] == '-' && text[position + 1] != ']';

    /// <summary>One member: a character, a class, a collating symbol or an equivalence class. <paramref name="low"/> is set when it may start a range.</summary>
    private static bool Term(string text, ref int position, char? delimiter, StringBuilder set, out char? low, out string? error)
    {
        low = null;
        if (text[position] == '[' && position + 1 < text.Length && text[position + 1] is ':' or '.' or '=')
        {
            var kind = text[position + 1];
            var close = text.IndexOf(kind + "]", position + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"unclosed '[{kind}' at position {position}";
                return false;
            }

            var name = text[(position + 2)..close];
            var at = position;
            position = close + 2;
            if (kind == ':')
            {
                if (Class(name) is not { } members)
                {
                    error = $"unknown character class '[:{name}:]' at position {at}";
                    return false;
                }

                set.Append(members);
                error = null;
                return true;
            }

            if (name.Length != 1)
            {
                // Multi-character collating elements and equivalence classes depend on the locale.
                error = $"'[{kind}{name}{kind}]' at position {at} names a locale's collating element; only single characters are taken";
                return false;
            }

            low = name[0];
            Literal(set, name[0]);
            error = null;
            return true;
        }

        var c = text[position];
        if (c == '\\' && delimiter is { } d && position + 1 < text.Length && text[position + 1] == d)
        {
            position++;
            c = d;
        }

        // Written out as a literal, so .NET cannot read "[\d]" as a digit class.
        position++;
        low = c;
        Literal(set, c);
        error = null;
        return true;
    }

    private static string? Class(string name) => name switch
    {
        "digit" => "0-9",
        "alpha" => "a-zA-Z",
        "alnum" => "0-9a-zA-Z",
        "upper" => "A-Z",
        "lower" => "a-z",
        "xdigit" => "0-9A-Fa-f",
        "space" => @"\t\n\x0B\f\r\x20",
        "blank" => @"\t\x20",
        "punct" => @"\x21-\x2F\x3A-\x40\x5B-\x60\x7B-\x7E",
        "print" => @"\x20-\x7E",
        "graph" => @"\x21-\x7E",
        "cntrl" => @"\x00-\x1F\x7F",
        _ => null,
    };
}
