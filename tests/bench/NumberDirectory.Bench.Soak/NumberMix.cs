using System.Globalization;

namespace NumberDirectory.Bench.Soak;

/// <summary>
/// The numbers one load worker asks for, in shares of local, remote and missing ones. Remote and
/// missing numbers are drawn from a hundred thousand each, so few repeat within a cache lifetime and
/// A's cache keeps filling and evicting.
/// </summary>
internal sealed class NumberMix(int localPercent, int remotePercent, int seed)
{
    private readonly Random _random = new(seed);

    public (NumberKind Kind, string Number) Next()
    {
        var roll = _random.Next(100);
        return roll < localPercent
            ? (NumberKind.Local, (3000 + _random.Next(1000)).ToString(CultureInfo.InvariantCulture))
            : roll < localPercent + remotePercent
                ? (NumberKind.Remote, (400_000 + _random.Next(100_000)).ToString(CultureInfo.InvariantCulture))
                : (NumberKind.Miss, (900_000 + _random.Next(100_000)).ToString(CultureInfo.InvariantCulture));
    }
}
