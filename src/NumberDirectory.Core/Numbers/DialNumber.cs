using System.Diagnostics.CodeAnalysis;

namespace NumberDirectory.Core.Numbers;

/// <summary>
/// A number to look up: an extension (digits, <c>*</c>, <c>#</c>) or an E.164 number written
/// with a leading <c>+</c>. Matching works on <see cref="Digits"/> only, so <c>+74951234567</c>
/// and <c>74951234567</c> hit the same ranges, as DUNDi's <c>e164</c> context carries E.164
/// numbers without the plus.
/// </summary>
/// <remarks>ITU-T E.164 §6 (at most 15 digits); Asterisk extension length limit (80).</remarks>
public readonly record struct DialNumber
{
    /// <summary>Longest extension accepted, as Asterisk's own limit.</summary>
    public const int MaxLength = 80;

    /// <summary>Longest E.164 number (country code included), ITU-T E.164 §6.</summary>
    public const int MaxE164Digits = 15;

    private DialNumber(string digits, bool isE164)
    {
        Digits = digits;
        IsE164 = isE164;
    }

    /// <summary>The characters matched against patterns: <c>0-9</c>, <c>*</c>, <c>#</c>; never <c>+</c>.</summary>
    public string Digits { get; }

    /// <summary>True when the number was written with a leading <c>+</c>.</summary>
    public bool IsE164 { get; }

    /// <summary>Parses a number, returning a message that says what is wrong when it is not one.</summary>
    public static bool TryParse(string? text, out DialNumber number, [NotNullWhen(false)] out string? error)
    {
        number = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "the number is empty: give digits, optionally with a leading '+' (E.164) or '*'/'#' (extensions)";
            return false;
        }

        if (text.Length > MaxLength + 1)
        {
            error = $"the number is {text.Length} characters long; at most {MaxLength} are accepted";
            return false;
        }

        var isE164 = text[0] == '+';
        var digits = isE164 ? text[1..] : text;
        if (digits.Length == 0)
        {
            error = "'+' must be followed by the digits of an E.164 number";
            return false;
        }

        for (var i = 0; i < digits.Length; i++)
        {
            var c = digits[i];
            if (char.IsAsciiDigit(c) || (!isE164 && (c == '*' || c == '#')))
            {
                continue;
            }

            error = isE164
                ? $"'{Printable(c)}' at position {i + 2} is not a digit: an E.164 number is '+' and digits only"
                : $"'{Printable(c)}' at position {i + 1} is not allowed: a number is digits, '*' and '#' (or '+' then digits)";
            return false;
        }

        if (isE164 && digits.Length > MaxE164Digits)
        {
            error = $"an E.164 number has at most {MaxE164Digits} digits; this one has {digits.Length}";
            return false;
        }

        if (!isE164 && digits.Length > MaxLength)
        {
            error = $"the number is {digits.Length} characters long; at most {MaxLength} are accepted";
            return false;
        }

        number = new DialNumber(digits, isE164);
        error = null;
        return true;
    }

    /// <summary>Parses a number or throws <see cref="FormatException"/> with the reason.</summary>
    public static DialNumber Parse(string text) =>
        TryParse(text, out var number, out var error) ? number : throw new FormatException(error);

    /// <inheritdoc />
    public override string ToString() => IsE164 ? "+" + Digits : Digits ?? string.Empty;

    private static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString();
}
