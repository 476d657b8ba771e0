namespace NumberDirectory.Bench.Dundi;

/// <summary>
/// What one scenario did in its measured run. <see cref="Forwarded"/> is how many lookups the
/// scenario's last hop answered meanwhile (from its own counters), to show whether queries really
/// travelled; null when nothing should be forwarded.
/// </summary>
internal sealed record LoadResult(
    string Scenario,
    int Clients,
    TimeSpan Duration,
    int Completed,
    int Failures,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    TimeSpan Cpu,
    long? Forwarded)
{
    public double PerSecond => Completed / Duration.TotalSeconds;

    /// <summary>Process CPU (clients and every node together) per completed lookup.</summary>
    public double CpuMicrosPerLookup => Completed == 0 ? 0 : Cpu.TotalMicroseconds / Completed;
}
