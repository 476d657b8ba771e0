using System.Collections.Immutable;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Peers;

/// <summary>What is sent to one peer.</summary>
/// <remarks>docs/protocols/dundi.md §Path list (sender first, root last, the peers asked in parallel between) and §TTL.</remarks>
/// <param name="Number">The number asked for.</param>
/// <param name="Context">Its context.</param>
/// <param name="Ttl">Hops left after this one (DUNDi TTL).</param>
/// <param name="Path">EIDs to send: this node first, the peers asked in parallel, the path so far, the root last.</param>
/// <param name="BypassCache">Ask the peer to skip its cache.</param>
public sealed record PeerQuery(DialNumber Number, string Context, int Ttl, ImmutableArray<NodeId> Path, bool BypassCache);
