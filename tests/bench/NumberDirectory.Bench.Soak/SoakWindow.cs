namespace NumberDirectory.Bench.Soak;

/// <summary>One sample: both nodes at its end, what each door's client saw during it, the hostile stream's totals so far.</summary>
internal sealed record SoakWindow(
    TimeSpan End,
    NodeSample A,
    NodeSample B,
    IReadOnlyList<DoorWindow> Doors,
    bool HostileOn,
    long HostileSent,
    long HostileSentBytes,
    long HostileReplies,
    long HostileReplyBytes,
    double BenchCpuSeconds);
