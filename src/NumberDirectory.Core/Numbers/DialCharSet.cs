using System.Numerics;

namespace NumberDirectory.Core.Numbers;

/// <summary>
/// Sets of dialable characters as 12-bit masks: bits 0-9 for the digits, bit 10 for <c>*</c>,
/// bit 11 for <c>#</c>. A pattern element is one such mask.
/// </summary>
internal static class DialCharSet
{
    /// <summary>Bit for <c>*</c>.</summary>
    public const ushort Star = 1 << 10;

    /// <summary>Bit for <c>#</c>.</summary>
    public const ushort Hash = 1 << 11;

    /// <summary><c>X</c>: 0-9.</summary>
    public const ushort AnyDigit = 0x3FF;

    /// <summary><c>Z</c>: 1-9.</summary>
    public const ushort NonZero = 0x3FE;

    /// <summary><c>N</c>: 2-9.</summary>
    public const ushort TwoToNine = 0x3FC;

    /// <summary>Every character a number may hold.</summary>
    public const ushort Any = 0xFFF;

    /// <summary>The bit of a number character, or 0 when it can never match anything.</summary>
    public static ushort Bit(char c) => c switch
    {
        >= '0' and <= '9' => (ushort)(1 << (c - '0')),
        '*' => Star,
        '#' => Hash,
        _ => 0,
    };

    /// <summary>Slot of a number character (0-9, 10 for <c>*</c>, 11 for <c>#</c>), or -1.</summary>
    public static int Slot(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        '*' => 10,
        '#' => 11,
        _ => -1,
    };

    /// <summary>Slot of a one-character set, or -1 for a set of several characters.</summary>
    public static int Slot(ushort mask) => BitOperations.IsPow2(mask) ? BitOperations.TrailingZeroCount(mask) : -1;

    /// <summary>Number of distinct number characters (and of slots).</summary>
    public const int Size = 12;

    /// <summary>How many characters the set holds (1 for a literal, 10 for <c>X</c>).</summary>
    public static int Count(ushort mask) => BitOperations.PopCount(mask);

    /// <summary>Digits <paramref name="low"/> to <paramref name="high"/> inclusive.</summary>
    public static ushort DigitRange(int low, int high) => (ushort)(((1 << (high + 1)) - 1) & ~((1 << low) - 1));
}
