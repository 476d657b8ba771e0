namespace NumberDirectory.Bench.Soak;

/// <summary>
/// One node at one moment: from /proc (RSS, CPU), from its <c>/metrics</c> (the node's series and the
/// .NET runtime's), and its log lines so far. Counters are cumulative; the report takes differences.
/// </summary>
internal sealed record NodeSample(
    double RssBytes,
    double CpuSeconds,
    double ManagedHeapBytes,
    double Transactions,
    double CacheEntries,
    double CacheBytes,
    double ThreadPoolQueue,
    double ThreadPoolThreads,
    double GcPauseSeconds,
    double Gen2Collections,
    double DundiRejected,
    IReadOnlyDictionary<string, double> DundiRejectedByReason,
    double PeerTimeouts,
    long LogLines);
