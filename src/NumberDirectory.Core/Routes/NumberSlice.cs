using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace NumberDirectory.Core.Routes;

/// <summary>
/// The <c>:offset[:length]</c> part of <c>${NUMBER:offset:length}</c>, with Asterisk's substring
/// semantics so a dialplan author's <c>${EXTEN:1}</c> habit carries over unchanged.
/// </summary>
/// <remarks>
/// Asterisk variable substrings: a negative offset counts from the end and is clamped to the start;
/// an offset at or past the end gives the empty string; a negative length drops that many characters
/// from the end; a zero length gives the empty string; no length means "to the end".
/// </remarks>
internal readonly record struct NumberSlice(int Offset, int? Length)
{
    /// <summary>Offsets and lengths beyond this are certainly mistakes: numbers are at most 80 characters.</summary>
    private const int Limit = 255;

    /// <summary>The whole number.</summary>
    public static NumberSlice Whole => new(0, null);

    /// <summary>The part of <paramref name="value"/> this slice selects.</summary>
    public string Apply(string value)
    {
        var available = value.Length;
        var start = Offset < 0 ? Math.Max(0, available + Offset) : Offset;
        if (start >= available)
        {
            return string.Empty;
        }

        var rest = available - start;
        var take = Length switch
        {
            null => rest,
            >= 0 => Math.Min(Length.Value, rest),
            _ => Math.Max(0, rest + Length.Value),
        };
        return value.Substring(start, take);
    }

    /// <summary>Parses what follows <c>NUMBER</c> inside the braces: empty, <c>:o</c> or <c>:o:l</c>.</summary>
    public static bool TryParse(string spec, out NumberSlice slice, [NotNullWhen(false)] out string? error)
    {
        slice = Whole;
        error = null;
        if (spec.Length == 0)
        {
            return true;
        }

        var parts = spec[1..].Split(':');
        if (spec[0] != ':' || parts.Length > 2)
        {
            error = $"'${{NUMBER{spec}}}' is not a substring: write ${{NUMBER:offset}} or ${{NUMBER:offset:length}}";
            return false;
        }

        if (!TryParseInt(parts[0], out var offset))
        {
            error = $"bad offset '{parts[0]}' in '${{NUMBER{spec}}}': write a whole number such as ${{NUMBER:1}} (drop the first digit) or ${{NUMBER:-4}} (keep the last four)";
            return false;
        }

        int? length = null;
        if (parts.Length == 2)
        {
            if (!TryParseInt(parts[1], out var l))
            {
                error = $"bad length '{parts[1]}' in '${{NUMBER{spec}}}': write a whole number such as ${{NUMBER:1:3}} (three digits after the first) or ${{NUMBER:0:-2}} (all but the last two)";
                return false;
            }

            length = l;
        }

        slice = new NumberSlice(offset, length);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Length is { } length
        ? string.Create(CultureInfo.InvariantCulture, $":{Offset}:{length}")
        : Offset == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $":{Offset}");

    private static bool TryParseInt(string text, out int value)
    {
        value = 0;
        var digits = text.StartsWith('-') ? text[1..] : text;
        if (digits.Length == 0 || digits.Length > 3 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        value = int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return Math.Abs(value) <= Limit;
    }
}
