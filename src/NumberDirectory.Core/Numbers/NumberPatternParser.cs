namespace NumberDirectory.Core.Numbers;

/// <summary>
/// Reads the three ways of writing a <see cref="NumberPattern"/>. Error messages say what is
/// wrong, at which 1-based position, and how to write it instead.
/// </summary>
/// <remarks>Asterisk dialplan pattern syntax (observed behaviour), reimplemented.</remarks>
internal static class NumberPatternParser
{
    private const string Syntax = "write a number (4001), a range (4000-4999) or an Asterisk pattern (_4XXX)";

    public static bool TryParse(string? input, out NumberPattern? pattern, out string? error)
    {
        pattern = null;
        var text = input?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            error = $"the pattern is empty: {Syntax}";
            return false;
        }

        error = text[0] == '_' ? ParsePattern(text, out pattern)
            : text.Contains('-', StringComparison.Ordinal) ? ParseRange(text, out pattern)
            : ParseLiteral(text, out pattern);
        return error is null;
    }

    private static string? ParsePattern(string text, out NumberPattern? pattern)
    {
        pattern = null;
        var isE164 = text.Length > 1 && text[1] == '+';
        var elements = new List<ushort>(text.Length);
        var tail = PatternTail.None;
        var tailPosition = 0;
        for (var i = isE164 ? 2 : 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '-')
            {
                // Asterisk ignores dashes outside sets, so _555-1XXX reads as _5551XXX.
                continue;
            }

            if (tail != PatternTail.None)
            {
                return $"'{text[tailPosition - 1]}' at position {tailPosition} in '{text}' must be the last element: "
                    + $"nothing may follow it, e.g. {text[..tailPosition]}";
            }

            switch (c)
            {
                case 'X' or 'x':
                    elements.Add(DialCharSet.AnyDigit);
                    break;
                case 'Z' or 'z':
                    elements.Add(DialCharSet.NonZero);
                    break;
                case 'N' or 'n':
                    elements.Add(DialCharSet.TwoToNine);
                    break;
                case (>= '0' and <= '9') or '*' or '#':
                    elements.Add(DialCharSet.Bit(c));
                    break;
                case '.':
                    tail = PatternTail.OneOrMore;
                    tailPosition = i + 1;
                    break;
                case '!':
                    tail = PatternTail.ZeroOrMore;
                    tailPosition = i + 1;
                    break;
                case '[':
                    var setError = ParseSet(text, ref i, out var set);
                    if (setError is not null)
                    {
                        return setError;
                    }

                    elements.Add(set);
                    break;
                case ']':
                    return $"']' at position {i + 1} in '{text}' closes no set: open it with '[' as in _4[0-5]XX";
                case '+':
                    return $"'+' at position {i + 1} in '{text}' is only allowed right after '_' (E.164 patterns like _+7495XXXXXXX)";
                default:
                    return $"'{Printable(c)}' at position {i + 1} in '{text}' is not a pattern character: "
                        + "use digits, '*', '#', X (0-9), Z (1-9), N (2-9), sets like [1-5], '.' or '!'";
            }
        }

        if (elements.Count == 0 && tail == PatternTail.None)
        {
            return $"the pattern '{text}' has no elements: add digits or X/Z/N after '_', e.g. _4XXX";
        }

        if (elements.Count > DialNumber.MaxLength)
        {
            return $"the pattern '{text}' has {elements.Count} elements; at most {DialNumber.MaxLength} are accepted";
        }

        pattern = new NumberPattern(text, isE164, [[.. elements]], tail);
        return null;
    }

    // On entry text[i] is '['; on success i is left on the closing ']'.
    private static string? ParseSet(string text, ref int i, out ushort set)
    {
        set = 0;
        var open = i;
        var close = text.IndexOf(']', open + 1);
        if (close < 0)
        {
            var end = open + 1;
            while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] is '-' or '*' or '#'))
            {
                end++;
            }

            var fixedText = string.Concat(text.AsSpan(0, end), "]", text.AsSpan(end));
            return $"unclosed '[' at position {open + 1} in '{text}': close the set like {fixedText}";
        }

        if (close == open + 1)
        {
            return $"empty set '[]' at position {open + 1} in '{text}': list the characters it allows, e.g. [1-5] or [*#]";
        }

        for (var j = open + 1; j < close; j++)
        {
            var c = text[j];
            if (c == '-')
            {
                return $"'-' at position {j + 1} in '{text}' has no start: a range in a set goes between two digits, e.g. [1-5]";
            }

            if (!char.IsAsciiDigit(c) && c is not '*' and not '#')
            {
                return $"'{Printable(c)}' at position {j + 1} in '{text}' cannot be in a set: "
                    + "sets hold digits, '*' and '#' (X, Z and N mean themselves only outside sets), e.g. [2-9]";
            }

            if (j + 2 < close + 1 && text[j + 1] == '-')
            {
                if (j + 2 == close)
                {
                    return $"'-' at position {j + 2} in '{text}' has no end: finish the range, e.g. [{c}-9]";
                }

                var last = text[j + 2];
                if (!char.IsAsciiDigit(c) || !char.IsAsciiDigit(last))
                {
                    return $"range '{c}-{Printable(last)}' at position {j + 1} in '{text}' must go between two digits, e.g. [1-5]";
                }

                if (last < c)
                {
                    return $"range '{c}-{last}' at position {j + 1} in '{text}' is reversed: write it low to high as [{last}-{c}]";
                }

                set |= DialCharSet.DigitRange(c - '0', last - '0');
                j += 2;
                continue;
            }

            set |= DialCharSet.Bit(c);
        }

        i = close;
        return null;
    }

    private static string? ParseLiteral(string text, out NumberPattern? pattern)
    {
        pattern = null;
        var isE164 = text[0] == '+';
        var error = CheckNumber(text, isE164 ? 1 : 0, text.Length, isE164, "number", out var length);
        if (error is not null)
        {
            return error;
        }

        if (length == 0)
        {
            return "'+' must be followed by the digits of an E.164 number, e.g. +14155550100";
        }

        pattern = new NumberPattern(text, isE164);
        return null;
    }

    private static string? ParseRange(string text, out NumberPattern? pattern)
    {
        pattern = null;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (text.IndexOf('-', dash + 1) >= 0)
        {
            return $"'{text}' has more than one '-': a range is two numbers of equal length like 4000-4999 "
                + "(patterns with dashes start with '_', e.g. _555-1XXX)";
        }

        var low = text[..dash];
        var high = text[(dash + 1)..];
        if (low.Length == 0 || high.Length == 0)
        {
            return $"the range '{text}' is missing its {(low.Length == 0 ? "first" : "last")} number: write both ends, e.g. 4000-4999";
        }

        var lowE164 = low[0] == '+';
        var highE164 = high[0] == '+';
        if (lowE164 != highE164)
        {
            return $"the range '{text}' mixes an E.164 number and a plain one: "
                + "write '+' on both ends (+74951234000-+74951234999) or on neither (4000-4999)";
        }

        var error = CheckNumber(text, lowE164 ? 1 : 0, dash, lowE164, "range", out _)
            ?? CheckNumber(text, dash + (highE164 ? 2 : 1), text.Length, highE164, "range", out _);
        if (error is not null)
        {
            return error;
        }

        var lowDigits = lowE164 ? low[1..] : low;
        var highDigits = highE164 ? high[1..] : high;
        if (lowDigits.Length == 0 || highDigits.Length == 0)
        {
            return $"'+' in the range '{text}' must be followed by digits, e.g. +74951234000-+74951234999";
        }

        if (lowDigits.Length != highDigits.Length)
        {
            return $"the ends of the range '{text}' have {lowDigits.Length} and {highDigits.Length} digits: "
                + "both must have the same length (e.g. 4000-4999); use several ranges or a pattern like _4XXX. for mixed lengths";
        }

        if (string.CompareOrdinal(lowDigits, highDigits) > 0)
        {
            return $"the range '{text}' runs backwards: put the lower number first, as {high}-{low}";
        }

        pattern = new NumberPattern(text, lowE164, RangeDecomposition.Decompose(lowDigits, highDigits), PatternTail.None);
        return null;
    }

    // Checks text[start..end) is a number's characters: digits (and '*', '#' for a plain literal).
    private static string? CheckNumber(string text, int start, int end, bool isE164, string kind, out int length)
    {
        length = end - start;
        var allowKeys = !isE164 && kind == "number";
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c) || (allowKeys && c is '*' or '#'))
            {
                continue;
            }

            return kind == "range"
                ? $"'{Printable(c)}' at position {i + 1} in '{text}' is not a digit: a range is digits only, e.g. 4000-4999 or +74951234000-+74951234999"
                : isE164
                    ? $"'{Printable(c)}' at position {i + 1} in '{text}' is not a digit: an E.164 number is '+' and digits only"
                    : $"'{Printable(c)}' at position {i + 1} in '{text}' is not allowed in a number: use digits, '*' and '#', "
                        + "or start a pattern with '_' (e.g. _4XXX)";
        }

        var max = isE164 ? DialNumber.MaxE164Digits : DialNumber.MaxLength;
        if (length > max)
        {
            return $"'{text}' has {length} digits; at most {max} are accepted{(isE164 ? " in an E.164 number" : string.Empty)}";
        }

        return null;
    }

    private static string Printable(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"\\u{(int)c:x4}" : c.ToString();
}
