using System.Diagnostics;

namespace NumberDirectory.Bench;

/// <summary>Stopwatch timing: a warm-up of at least half a second, then the median of several rounds.</summary>
internal static class Timing
{
    public const int Rounds = 5;

    private const int WarmUpMilliseconds = 500;

    /// <summary>Median nanoseconds per operation of <paramref name="round"/>, which performs <paramref name="operations"/> operations.</summary>
    public static double MedianNanoseconds(int operations, Action round)
    {
        // Warm up long enough for tiered JIT to swap in optimised code before anything is timed.
        var warmUp = Stopwatch.StartNew();
        do
        {
            round();
        }
        while (warmUp.ElapsedMilliseconds < WarmUpMilliseconds);

        var samples = new double[Rounds];
        for (var i = 0; i < Rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            round();
            samples[i] = watch.Elapsed.TotalNanoseconds / operations;
        }

        Array.Sort(samples);
        return samples[Rounds / 2];
    }

    /// <summary>Managed heap size after a full collection.</summary>
    public static long HeapBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
