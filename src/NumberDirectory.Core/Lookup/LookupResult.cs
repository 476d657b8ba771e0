using System.Collections.Immutable;

namespace NumberDirectory.Core.Lookup;

/// <summary>The answer of the pipeline: a value, never an exception.</summary>
/// <remarks>docs/architecture.md §Lookup results and §Results on each door.</remarks>
/// <param name="Status">Found, not found, failed or loop.</param>
/// <param name="Routes">Routes, lowest weight first.</param>
/// <param name="Ttl">How long the whole answer may be cached (the minimum over its routes for Found).</param>
public sealed record LookupResult(LookupStatus Status, ImmutableArray<RouteAnswer> Routes, TimeSpan Ttl)
{
    /// <summary>Negative knowledge (DUNDi HINT) that comes with the answer.</summary>
    public ImmutableArray<LookupHint> Hints { get; init; } = [];

    /// <summary>
    /// True when not every peer that could know gave its answer — the deadline cut the lookup short,
    /// or a peer could not be asked because it is down — and this is what had arrived. Never cached.
    /// </summary>
    public bool Partial { get; init; }

    /// <summary>
    /// The name the answering range gives its numbers (<see cref="Ranges.PublishedRange.DisplayName"/>),
    /// or null. Only this node's own ranges carry one; DUNDi has no place for it.
    /// </summary>
    public string? DisplayName { get; init; }

    /// <summary>
    /// True when upstream ENUM would have been asked had the request allowed it
    /// (<see cref="LookupRequest.MayAskUpstream"/>): a "not found" like this holds only for requests
    /// that may not ask either, so the cache does not give it to the others.
    /// </summary>
    /// <remarks>docs/architecture.md §UpstreamEnum.</remarks>
    public bool WithoutUpstream { get; init; }

    /// <summary>What happened, in order, for <c>explain</c>.</summary>
    public ImmutableArray<TraceEntry> Trace { get; init; } = [];

    /// <summary>A complete negative answer.</summary>
    public static LookupResult NotFound(TimeSpan ttl) => new(LookupStatus.NotFound, [], ttl);

    /// <summary>A failed lookup (timeout or error), with the reason in the trace.</summary>
    public static LookupResult Failed(string source, string reason) =>
        new(LookupStatus.Failed, [], TimeSpan.Zero) { Trace = [new TraceEntry(source, reason)] };

    /// <summary>Routes found; TTL is the minimum over the routes.</summary>
    public static LookupResult Found(ImmutableArray<RouteAnswer> routes) =>
        new(LookupStatus.Found, routes, routes.IsDefaultOrEmpty ? TimeSpan.Zero : routes.Min(r => r.Ttl));

    /// <summary>This result with one more trace entry appended.</summary>
    public LookupResult WithTrace(string source, string message) =>
        this with { Trace = Trace.Add(new TraceEntry(source, message)) };

    /// <summary>This result with one more trace entry appended, stamped with when it happened.</summary>
    public LookupResult WithTrace(string source, string message, DateTimeOffset at) =>
        this with { Trace = Trace.Add(new TraceEntry(source, message) { At = at }) };
}
