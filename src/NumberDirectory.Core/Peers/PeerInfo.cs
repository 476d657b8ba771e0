using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Peers;

/// <summary>A peer as the fan-out sees it: who it is, its tier, and what qualify and registration know.</summary>
/// <remarks>docs/protocols/dundi.md §Order tiers, §Qualify and §Registration.</remarks>
/// <param name="Id">The peer's EID.</param>
/// <param name="Order">Order tier: 0 primary, 1 secondary, …; only the best tier with an eligible peer is asked.</param>
public sealed record PeerInfo(NodeId Id, int Order)
{
    /// <summary>What qualify knows.</summary>
    public PeerReachability Reachability { get; init; } = PeerReachability.Unknown;

    /// <summary>False for a dynamic peer that has no current registration (no address to send to).</summary>
    public bool HasAddress { get; init; } = true;
}
