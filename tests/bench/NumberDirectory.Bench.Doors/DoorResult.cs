namespace NumberDirectory.Bench.Doors;

/// <summary>What one door did in one measured run.</summary>
internal sealed record DoorResult(string Door, int Workers, TimeSpan Duration, int Completed, int Failures, double P50Ms, double P90Ms, double P99Ms, double MaxMs)
{
    public double PerSecond => Completed / Duration.TotalSeconds;

    public static DoorResult From(string door, int workers, TimeSpan duration, IReadOnlyList<LatencyRecorder> recorders)
    {
        var (p50, p90, p99, max) = LatencyRecorder.Percentiles(recorders);
        return new DoorResult(door, workers, duration, recorders.Sum(r => r.Count), recorders.Sum(r => r.Failures), p50, p90, p99, max);
    }
}
