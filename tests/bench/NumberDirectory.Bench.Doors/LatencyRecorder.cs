using System.Diagnostics;

namespace NumberDirectory.Bench.Doors;

/// <summary>One worker's (or client's) latencies and failures; merged once the run ends, so they never share a lock.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<long> _ticks = new(1 << 16);

    public int Failures { get; private set; }

    public int Count => _ticks.Count;

    public void Success(long startTimestamp) => _ticks.Add(Stopwatch.GetTimestamp() - startTimestamp);

    public void Failure() => Failures++;

    public static (double P50, double P90, double P99, double Max) Percentiles(IEnumerable<LatencyRecorder> recorders)
    {
        var all = recorders.SelectMany(r => r._ticks).Order().ToArray();
        if (all.Length == 0)
        {
            return (0, 0, 0, 0);
        }

        double Ms(double q) => all[Math.Min(all.Length - 1, (int)(q * all.Length))] * 1000.0 / Stopwatch.Frequency;
        return (Ms(0.50), Ms(0.90), Ms(0.99), all[^1] * 1000.0 / Stopwatch.Frequency);
    }
}
