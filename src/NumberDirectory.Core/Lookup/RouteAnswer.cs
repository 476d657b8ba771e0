using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Lookup;

/// <summary>
/// One route in a lookup result: a concrete URI (the template already expanded for the number),
/// its weight (lower first), flags, the node that originally answered and how long it may be kept.
/// </summary>
/// <remarks>docs/architecture.md §Lookup results; docs/protocols/dundi.md §ANSWER (eid, protocol, flags, weight, dest).</remarks>
/// <param name="Uri">The concrete route URI, e.g. <c>iax2:pbx-b.example/4001</c>.</param>
/// <param name="Weight">0–59999, lower is preferred.</param>
/// <param name="Flags">Match outcome and destination flags.</param>
/// <param name="AnsweredBy">The node that owns this route (kept when relayed).</param>
/// <param name="Ttl">How long this route may be cached.</param>
public sealed record RouteAnswer(string Uri, ushort Weight, RouteFlags Flags, NodeId AnsweredBy, TimeSpan Ttl)
{
    /// <summary>
    /// The NAPTR fields this node's own range sets for the route (<see cref="Route.Naptr"/>), or null for
    /// the renderer's defaults. Routes learned over DUNDi carry none: the protocol has no place for them.
    /// </summary>
    public NaptrOverride? Naptr { get; init; }
}
