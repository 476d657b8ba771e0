namespace NumberDirectory.Core.Numbers;

/// <summary>
/// Splits a range of equal-length numbers into a few fixed-length patterns, so a range can be
/// matched and indexed like Asterisk patterns: <c>4050-4149</c> becomes <c>40[5-9]X</c> and
/// <c>41[0-4]X</c>.
/// </summary>
/// <remarks>
/// The classic range-to-prefix split (as used for IP and phone number blocks): at the first digit
/// where the ends differ, peel off the partial low and high blocks and cover the middle with one
/// set. It yields at most about two alternatives per digit.
/// </remarks>
internal static class RangeDecomposition
{
    /// <summary>The alternatives covering <paramref name="low"/>..<paramref name="high"/> (digits, same length, low ≤ high).</summary>
    public static ushort[][] Decompose(string low, string high)
    {
        var result = new List<ushort[]>();
        Split(low, high, result);
        return [.. result];
    }

    private static void Split(string low, string high, List<ushort[]> result)
    {
        var length = low.Length;
        var p = 0;
        while (p < length && low[p] == high[p])
        {
            p++;
        }

        if (p == length)
        {
            result.Add(Build(low, p, 0, 0));
            return;
        }

        var restLength = length - p - 1;
        var lowRestZeros = IsAll(low, p + 1, '0');
        var highRestNines = IsAll(high, p + 1, '9');
        var first = low[p] - '0';
        var last = high[p] - '0';

        if (!lowRestZeros)
        {
            // low .. low[..p+1]99…9 shares one more digit; its own split stays on the low side.
            Split(low, string.Concat(low.AsSpan(0, p + 1), new string('9', restLength)), result);
            first++;
        }

        var tail = highRestNines ? null : string.Concat(high.AsSpan(0, p + 1), new string('0', restLength));
        if (tail is not null)
        {
            last--;
        }

        if (first <= last)
        {
            result.Add(Build(low, p, first, last));
        }

        if (tail is not null)
        {
            Split(tail, high, result);
        }
    }

    // low[..p] as literals, then [first-last] at p (when p < length), then X for the rest.
    private static ushort[] Build(string low, int p, int first, int last)
    {
        var elements = new ushort[low.Length];
        for (var i = 0; i < p; i++)
        {
            elements[i] = DialCharSet.Bit(low[i]);
        }

        if (p < low.Length)
        {
            elements[p] = DialCharSet.DigitRange(first, last);
            for (var i = p + 1; i < low.Length; i++)
            {
                elements[i] = DialCharSet.AnyDigit;
            }
        }

        return elements;
    }

    private static bool IsAll(string text, int start, char c)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] != c)
            {
                return false;
            }
        }

        return true;
    }
}
