using System.Collections.Immutable;
using NumberDirectory.Core.Lookup;

namespace NumberDirectory.Core.Peers;

/// <summary>A peer's answer to one query.</summary>
/// <param name="Status">Answered, refused or failed.</param>
/// <param name="Routes">Routes the peer gave (each keeps the original answering node).</param>
/// <param name="Expiration">How long the answer may be cached (DUNDi EXPIRATION).</param>
public sealed record PeerAnswer(PeerAnswerStatus Status, ImmutableArray<RouteAnswer> Routes, TimeSpan Expiration)
{
    /// <summary>Negative knowledge the peer sent (DUNDi HINT).</summary>
    public LookupHint? Hint { get; init; }

    /// <summary>
    /// Why each answer the peer sent could not become a route (a dest that is not a valid URI), one
    /// entry per answer. A peer with any is not a complete answer: the lookup is partial or failed,
    /// never "not found" (docs/architecture.md §Results on each door).
    /// </summary>
    public ImmutableArray<string> Unusable { get; init; } = [];

    /// <summary>Why it refused or failed, for the trace.</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// True when the query ended because the lookup's deadline came (or it was cancelled at the
    /// deadline) before the peer answered: the peer may still know, so the lookup was cut short.
    /// </summary>
    public bool DeadlineReached { get; init; }

    /// <summary>A failed query with its reason.</summary>
    public static PeerAnswer Failed(string reason) => new(PeerAnswerStatus.Failed, [], TimeSpan.Zero) { Reason = reason };

    /// <summary>A query the deadline ended before the peer answered.</summary>
    public static PeerAnswer TimedOut(string reason) => Failed(reason) with { DeadlineReached = true };
}
