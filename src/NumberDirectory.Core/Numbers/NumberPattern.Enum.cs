namespace NumberDirectory.Core.Numbers;

/// <summary>What an ENUM zone can say about a pattern: the numbers it names and its wildcard form.</summary>
/// <remarks>
/// docs/protocols/enum.md §Zone contents. ENUM names hold digits only (RFC 6116 §2.4), so the
/// <c>*</c> and <c>#</c> a pattern may admit are left out of every name and regexp.
/// </remarks>
public sealed partial class NumberPattern
{
    private const ushort Digits = DialCharSet.AnyDigit;

    /// <summary>
    /// True when some numbers of the pattern are named one by one in an ENUM zone: every number of a
    /// fixed-length pattern, and the fixed part alone of a <c>!</c> pattern (which may end there).
    /// </summary>
    public bool NamesNumbers => Tail != PatternTail.OneOrMore;

    /// <summary>True for <c>.</c>/<c>!</c> patterns, which an ENUM zone carries as a wildcard name.</summary>
    public bool IsVariableLength => Tail != PatternTail.None;

    /// <summary>
    /// How many numbers <see cref="NamedNumbers"/> lists, without listing them (at most <see cref="long.MaxValue"/>).
    /// </summary>
    public long NamedCount()
    {
        if (!NamesNumbers)
        {
            return 0;
        }

        long total = 0;
        for (var alt = 0; alt < AlternativeCount; alt++)
        {
            long count = 1;
            for (var i = 0; i < ElementCount(alt); i++)
            {
                var choices = DialCharSet.Count((ushort)(Element(alt, i) & Digits));
                count = choices == 0 ? 0 : count > long.MaxValue / choices ? long.MaxValue : count * choices;
            }

            total = total > long.MaxValue - count ? long.MaxValue : total + count;
        }

        return total;
    }

    /// <summary>
    /// The numbers an ENUM zone names one by one for this pattern (digits, no <c>+</c>), listed lazily
    /// so a million of them never sit in memory at once; see <see cref="NamesNumbers"/>.
    /// </summary>
    public IEnumerable<string> NamedNumbers()
    {
        if (!NamesNumbers)
        {
            yield break;
        }

        for (var alt = 0; alt < AlternativeCount; alt++)
        {
            var length = ElementCount(alt);
            var masks = new ushort[length];
            var empty = false;
            for (var i = 0; i < length; i++)
            {
                masks[i] = (ushort)(Element(alt, i) & Digits);
                empty |= masks[i] == 0;
            }

            if (empty)
            {
                continue;
            }

            // An odometer over the digits each element admits, lowest first.
            var digits = new char[length];
            for (var i = 0; i < length; i++)
            {
                digits[i] = Lowest(masks[i], -1);
            }

            while (true)
            {
                yield return new string(digits);
                var position = length - 1;
                while (position >= 0)
                {
                    var next = Lowest(masks[position], digits[position] - '0');
                    if (next != '\0')
                    {
                        digits[position] = next;
                        break;
                    }

                    digits[position] = Lowest(masks[position], -1);
                    position--;
                }

                if (position < 0)
                {
                    break;
                }
            }
        }
    }

    /// <summary>
    /// How many leading elements of a <c>.</c>/<c>!</c> pattern are single digits: the part its ENUM
    /// wildcard name is placed under (<c>_4930X.</c> has 4, so <c>*.0.3.9.4</c>).
    /// </summary>
    public int LiteralPrefixLength()
    {
        var length = 0;
        while (length < ElementCount(0) && DialCharSet.Slot(Element(0, length)) is >= 0 and < 10)
        {
            length++;
        }

        return length;
    }

    /// <summary>The fixed elements before the tail, for a <c>.</c>/<c>!</c> pattern (one alternative only).</summary>
    internal int FixedLength => ElementCount(0);

    /// <summary>The digits element <paramref name="i"/> admits, as a POSIX bracket expression or one digit.</summary>
    internal string ElementExpression(int i)
    {
        var mask = (ushort)(Element(0, i) & Digits);
        if (DialCharSet.Slot(mask) is >= 0 and var slot)
        {
            return ((char)('0' + slot)).ToString();
        }

        if (mask == Digits)
        {
            return "[0-9]";
        }

        var text = new System.Text.StringBuilder("[");
        for (var digit = 0; digit < 10; digit++)
        {
            if ((mask & (1 << digit)) == 0)
            {
                continue;
            }

            var last = digit;
            while (last + 1 < 10 && (mask & (1 << (last + 1))) != 0)
            {
                last++;
            }

            text.Append((char)('0' + digit));
            if (last > digit)
            {
                text.Append(last > digit + 1 ? "-" : string.Empty).Append((char)('0' + last));
            }

            digit = last;
        }

        return text.Append(']').ToString();
    }

    /// <summary>True when element <paramref name="i"/> admits no digit (only <c>*</c>/<c>#</c>).</summary>
    internal bool ElementHasNoDigit(int i) => (Element(0, i) & Digits) == 0;

    /// <summary>
    /// The tail as an expression over digits, bounded by what an ENUM name may still hold after the fixed
    /// part (RFC 6116 §2: E.164, at most 15 digits): <c>[0-9]{1,9}</c> for <c>.</c> after six fixed
    /// digits, <c>[0-9]{0,9}</c> for <c>!</c>; null when a <c>.</c> pattern leaves no room for a digit.
    /// </summary>
    internal string? TailExpression
    {
        get
        {
            var room = DialNumber.MaxE164Digits - FixedLength;
            var least = Tail == PatternTail.OneOrMore ? 1 : 0;
            return room < least ? null : $"[0-9]{{{least},{room}}}";
        }
    }

    private static char Lowest(ushort mask, int above)
    {
        for (var digit = above + 1; digit < 10; digit++)
        {
            if ((mask & (1 << digit)) != 0)
            {
                return (char)('0' + digit);
            }
        }

        return '\0';
    }
}
