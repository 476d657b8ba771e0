namespace NumberDirectory.Bench.Soak;

/// <summary>One door's answers in one sample window: latencies (ms, sorted), errors by kind, failed lookups.</summary>
internal sealed record DoorWindow(string Door, double[] Milliseconds, IReadOnlyDictionary<string, int> Errors, int FailedLookups)
{
    public int Answers => Milliseconds.Length;

    public int ErrorCount => Errors.Values.Sum();

    public double P50 => Quantile(Milliseconds, 0.50);

    public double P99 => Quantile(Milliseconds, 0.99);

    /// <summary>The quantile of several windows' answers pooled (sorted input).</summary>
    public static double Quantile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    public static double PooledP99(IEnumerable<DoorWindow> windows) =>
        Quantile([.. windows.SelectMany(w => w.Milliseconds).Order()], 0.99);
}
