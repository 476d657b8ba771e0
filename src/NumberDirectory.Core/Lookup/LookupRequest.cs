using System.Collections.Immutable;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Lookup;

/// <summary>A question put to the pipeline by a front door or a peer.</summary>
/// <remarks>docs/architecture.md §Lookup requests and §Deadlines.</remarks>
/// <param name="Number">The number to resolve.</param>
/// <param name="Context">The namespace the number lives in (DUNDi context), <see cref="LookupContexts.Default"/> by default.</param>
/// <param name="HopBudget">Hops the request may still travel (DUNDi TTL); 0 means it may not be forwarded.</param>
/// <param name="Path">Nodes the request has visited or that are being asked in parallel, sender first, root last (DUNDi EID list).</param>
/// <param name="Deadline">The absolute time by which an answer is due; the pipeline answers with what it has then.</param>
public sealed record LookupRequest(
    DialNumber Number,
    string Context,
    int HopBudget,
    ImmutableArray<NodeId> Path,
    DateTimeOffset Deadline)
{
    /// <summary>Skip cached answers and ask again (DUNDi CACHEBYPASS).</summary>
    public bool BypassCache { get; init; }

    /// <summary>Answer from this node's own data only; never ask peers (set by the loop guard).</summary>
    public bool LocalOnly { get; init; }

    /// <summary>
    /// Also answer a number that is still being dialled — one that only the start of a published
    /// range matches — with routes flagged CANMATCH/MATCHMORE instead of EXISTS, as Asterisk's DUNDi
    /// mappings do without <c>nopartial</c>. Front doors leave it off: they want numbers that exist.
    /// </summary>
    /// <remarks>docs/architecture.md §Numbers still being dialled; docs/protocols/dundi.md §ANSWER (flags EXISTS, MATCHMORE, CANMATCH).</remarks>
    public bool IncludePartialMatches { get; init; }

    /// <summary>
    /// Never ask upstream ENUM: set by the ENUM door for a query that arrived without RD (a resolver or
    /// another node iterating, which would otherwise be asked back) and by a merging local range.
    /// </summary>
    /// <remarks>docs/architecture.md §UpstreamEnum.</remarks>
    public bool NoUpstream { get; init; }

    /// <summary>
    /// True when upstream ENUM may be asked for this request: it began at one of this node's front doors
    /// (an empty path: a peer's request never goes upstream, since DNS carries no path to stop a loop),
    /// and neither <see cref="LocalOnly"/> nor <see cref="NoUpstream"/> is set.
    /// </summary>
    /// <remarks>docs/architecture.md §UpstreamEnum.</remarks>
    public bool MayAskUpstream => !LocalOnly && !NoUpstream && Path.IsDefaultOrEmpty;
}
