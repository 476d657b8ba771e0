using System.Diagnostics.CodeAnalysis;

namespace NumberDirectory.Core.Numbers;

/// <summary>
/// The numbers a published range covers: an Asterisk extension pattern (<c>_4XXX</c>,
/// <c>_NXXNXXXXXX</c>, <c>_7[0-4]XX</c>, <c>_X.</c>, <c>_X!</c>, <c>_+7495XXXXXXX</c>), a literal
/// number (<c>4001</c>, <c>*97</c>, <c>+14155550100</c>) or a plain range (<c>4000-4999</c>,
/// <c>+74951234000-+74951234999</c>). Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// Asterisk dialplan pattern matching (observed behaviour of <c>ast_exists_extension</c>,
/// <c>ast_canmatch_extension</c> and <c>ast_matchmore_extension</c>); plain ranges are this
/// project's addition and are decomposed into fixed-length patterns.
/// </remarks>
public sealed partial class NumberPattern
{
    // Null for literal numbers: their elements are read straight from Text to keep a
    // million published numbers cheap.
    private readonly ushort[][]? _alternatives;
    private readonly int _literalOffset;

    internal NumberPattern(string text, bool isE164, ushort[][] alternatives, PatternTail tail)
    {
        Text = text;
        IsE164 = isE164;
        _alternatives = alternatives;
        Tail = tail;
    }

    internal NumberPattern(string text, bool isE164)
    {
        Text = text;
        IsE164 = isE164;
        IsLiteral = true;
        _literalOffset = isE164 ? 1 : 0;
    }

    /// <summary>The text the pattern was parsed from, trimmed.</summary>
    public string Text { get; }

    /// <summary>True for E.164 numbers, ranges and patterns written with <c>+</c> (<c>_+7495XXXXXXX</c>).</summary>
    public bool IsE164 { get; }

    /// <summary>True for a literal number (no <c>_</c>, no range): the most specific kind of pattern.</summary>
    public bool IsLiteral { get; }

    /// <summary>What the pattern accepts after its fixed elements.</summary>
    internal PatternTail Tail { get; }

    /// <summary>How many fixed-length alternatives the pattern is made of (more than one only for ranges).</summary>
    internal int AlternativeCount => _alternatives?.Length ?? 1;

    /// <summary>Parses a pattern, a literal number or a range; <paramref name="error"/> says what to fix.</summary>
    public static bool TryParse(
        string? text,
        [NotNullWhen(true)] out NumberPattern? pattern,
        [NotNullWhen(false)] out string? error) =>
        NumberPatternParser.TryParse(text, out pattern, out error);

    /// <summary>Parses a pattern or throws <see cref="FormatException"/> with the reason.</summary>
    public static NumberPattern Parse(string text) =>
        TryParse(text, out var pattern, out var error) ? pattern : throw new FormatException(error);

    /// <summary>
    /// How <paramref name="digits"/> (a number without <c>+</c>, see <see cref="DialNumber.Digits"/>)
    /// relates to this pattern: the union of EXISTS, CANMATCH and MATCHMORE that hold.
    /// </summary>
    /// <remarks>
    /// Asterisk dialplan pattern matching (observed behaviour): <c>.</c> with at least one character
    /// left gives all three flags; <c>!</c> gives EXISTS and CANMATCH but never MATCHMORE; a number
    /// that ends before the pattern gives CANMATCH and MATCHMORE; a longer one gives nothing.
    /// </remarks>
    public MatchKind Match(ReadOnlySpan<char> digits)
    {
        var result = MatchKind.None;
        for (var alt = 0; alt < AlternativeCount; alt++)
        {
            result |= MatchAlternative(alt, digits);
        }

        return result;
    }

    /// <summary>
    /// Orders two patterns that both match <paramref name="digits"/>, most specific first: element by
    /// element, the one whose element admits fewer characters wins (literal 1, <c>[1-3]</c> 3,
    /// <c>N</c> 8, <c>Z</c> 9, <c>X</c> 10, then <c>.</c>, then <c>!</c>); a pattern that ends
    /// where the other continues with <c>.</c> or <c>!</c> wins. Ties go to literal numbers, then to
    /// the ordinal order of <see cref="Text"/>.
    /// </summary>
    /// <remarks>
    /// Asterisk sorts extensions the same way (fewer possible characters first, <c>.</c> and <c>!</c>
    /// last). A range is judged by the alternative that matches <paramref name="digits"/>, so
    /// <c>4050-4149</c> counts as <c>41[0-4]X</c> for 4120.
    /// </remarks>
    public static int CompareSpecificity(NumberPattern x, NumberPattern y, ReadOnlySpan<char> digits)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Compare(x, x.BestAlternative(digits), y, y.BestAlternative(digits));
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>
    /// How many numbers the pattern covers when it covers a fixed set (at most <see cref="long.MaxValue"/>);
    /// null for <c>.</c>/<c>!</c> patterns, which cover numbers of any length.
    /// </summary>
    /// <remarks>Tells a range too large for <see cref="TryExpand"/> from one that has no fixed set, without listing it.</remarks>
    public long? FixedCount()
    {
        if (Tail != PatternTail.None)
        {
            return null;
        }

        long total = 0;
        for (var alt = 0; alt < AlternativeCount; alt++)
        {
            long count = 1;
            for (var i = 0; i < ElementCount(alt); i++)
            {
                var choices = DialCharSet.Count(Element(alt, i));
                count = count > long.MaxValue / Math.Max(1, choices) ? long.MaxValue : count * choices;
            }

            total = total > long.MaxValue - count ? long.MaxValue : total + count;
        }

        return total;
    }

    /// <summary>
    /// Lists every number the pattern covers (digits, no <c>+</c>), when it covers a fixed set of at
    /// most <paramref name="max"/> numbers; false for <c>.</c>/<c>!</c> patterns and larger sets.
    /// </summary>
    /// <remarks>Used where each number must be named: DUNDi precache pushes and ENUM zone names.</remarks>
    public bool TryExpand(int max, [NotNullWhen(true)] out IReadOnlyList<string>? numbers)
    {
        numbers = null;
        if (Tail != PatternTail.None)
        {
            return false;
        }

        var all = new List<string>();
        var buffer = new char[64];
        for (var alt = 0; alt < AlternativeCount; alt++)
        {
            var length = ElementCount(alt);
            if (length > buffer.Length)
            {
                return false;
            }

            long count = 1;
            for (var i = 0; i < length && count <= max; i++)
            {
                count *= DialCharSet.Count(Element(alt, i));
            }

            if (all.Count + count > max)
            {
                return false;
            }

            Expand(alt, 0, buffer, all);
        }

        numbers = all;
        return true;
    }

    /// <summary>
    /// The first number the pattern covers (digits, no <c>+</c>): the lowest character of each
    /// element, and one more <c>0</c> for a <c>.</c> tail, which needs at least one.
    /// </summary>
    /// <remarks>Used where one real number of a range is needed, such as warming the lookup path at start.</remarks>
    public string Example()
    {
        var length = ElementCount(0);
        var text = new char[length + (Tail == PatternTail.OneOrMore ? 1 : 0)];
        for (var i = 0; i < length; i++)
        {
            var mask = Element(0, i);
            var slot = System.Numerics.BitOperations.TrailingZeroCount((uint)mask);
            text[i] = slot switch { < 10 => (char)('0' + slot), 10 => '*', _ => '#' };
        }

        if (length < text.Length)
        {
            text[length] = '0';
        }

        return new string(text);
    }

    private void Expand(int alt, int position, char[] buffer, List<string> into)
    {
        if (position == ElementCount(alt))
        {
            into.Add(new string(buffer, 0, position));
            return;
        }

        var mask = Element(alt, position);
        for (var slot = 0; slot < DialCharSet.Size; slot++)
        {
            if ((mask & (1 << slot)) != 0)
            {
                buffer[position] = slot switch { < 10 => (char)('0' + slot), 10 => '*', _ => '#' };
                Expand(alt, position + 1, buffer, into);
            }
        }
    }

    /// <summary>Specificity order of one alternative of each pattern (see <see cref="CompareSpecificity"/>).</summary>
    internal static int Compare(NumberPattern x, int xAlt, NumberPattern y, int yAlt)
    {
        var xLength = x.ElementCount(xAlt);
        var yLength = y.ElementCount(yAlt);
        var common = Math.Min(xLength, yLength);
        for (var i = 0; i < common; i++)
        {
            var order = DialCharSet.Count(x.Element(xAlt, i)).CompareTo(DialCharSet.Count(y.Element(yAlt, i)));
            if (order != 0)
            {
                return order;
            }
        }

        var xWeight = common < xLength ? DialCharSet.Count(x.Element(xAlt, common)) : TailWeight(x.Tail);
        var yWeight = common < yLength ? DialCharSet.Count(y.Element(yAlt, common)) : TailWeight(y.Tail);
        if (xWeight != yWeight)
        {
            return xWeight.CompareTo(yWeight);
        }

        if (x.IsLiteral != y.IsLiteral)
        {
            return x.IsLiteral ? -1 : 1;
        }

        return string.CompareOrdinal(x.Text, y.Text);
    }

    /// <summary>Fixed elements of one alternative.</summary>
    internal int ElementCount(int alt) => _alternatives?[alt].Length ?? Text.Length - _literalOffset;

    /// <summary>The character set of element <paramref name="i"/> of alternative <paramref name="alt"/>.</summary>
    internal ushort Element(int alt, int i) =>
        _alternatives is null ? DialCharSet.Bit(Text[_literalOffset + i]) : _alternatives[alt][i];

    /// <summary>Match flags of one alternative.</summary>
    internal MatchKind MatchAlternative(int alt, ReadOnlySpan<char> digits)
    {
        var length = ElementCount(alt);
        for (var i = 0; i < length; i++)
        {
            if (i == digits.Length)
            {
                // The number ended with elements still to fill: a longer number could match.
                return MatchKind.CanMatch | MatchKind.MatchMore;
            }

            if ((Element(alt, i) & DialCharSet.Bit(digits[i])) == 0)
            {
                return MatchKind.None;
            }
        }

        // '.' and '!' take whatever follows, as Asterisk does.
        var left = digits.Length - length;

        return Tail switch
        {
            PatternTail.OneOrMore when left > 0 => MatchKind.Exists | MatchKind.CanMatch | MatchKind.MatchMore,
            PatternTail.OneOrMore => MatchKind.CanMatch | MatchKind.MatchMore,
            PatternTail.ZeroOrMore => MatchKind.Exists | MatchKind.CanMatch,
            _ when left == 0 => MatchKind.Exists | MatchKind.CanMatch,
            _ => MatchKind.None,
        };
    }

    private int BestAlternative(ReadOnlySpan<char> digits)
    {
        for (var alt = 0; alt < AlternativeCount; alt++)
        {
            if ((MatchAlternative(alt, digits) & MatchKind.Exists) != 0)
            {
                return alt;
            }
        }

        return 0;
    }

    // A pattern that ends here is exact (0); '.' and '!' admit more than any single element (≤ 12).
    private static int TailWeight(PatternTail tail) => tail switch
    {
        PatternTail.OneOrMore => 13,
        PatternTail.ZeroOrMore => 14,
        _ => 0,
    };
}
