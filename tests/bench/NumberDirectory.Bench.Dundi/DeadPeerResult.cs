namespace NumberDirectory.Bench.Dundi;

/// <summary>
/// Dead-peer timings: HTTP lookups on A (deadline 1 s) while D, an outbound peer of A, never answers.
/// <paramref name="QualifyOff"/> are lookups with qualify off; with qualify on, <paramref name="PartialBeforeKnown"/>
/// (each listed) came back partial before the first complete one, which returned <paramref name="KnownAfter"/> after
/// the nodes started; <paramref name="QualifyOn"/> are the lookups after that.
/// </summary>
internal sealed record DeadPeerResult(
    IReadOnlyList<HttpLookup> QualifyOff,
    IReadOnlyList<HttpLookup> PartialBeforeKnown,
    TimeSpan? KnownAfter,
    IReadOnlyList<HttpLookup> QualifyOn);
