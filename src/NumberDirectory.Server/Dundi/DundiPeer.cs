using System.Net;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Peers;

namespace NumberDirectory.Server.Dundi;

/// <summary>A configured peer and what is known about it now (address, round trip, reachability).</summary>
internal sealed class DundiPeer
{
    private readonly HashSet<string> _include;
    private readonly HashSet<string> _permit;

    public DundiPeer(NodeId id, IPEndPoint? staticAddress, DundiPeerModel model, IEnumerable<string> include, IEnumerable<string> permit, int order, bool qualify, TimeSpan qualifyMax)
    {
        Id = id;
        StaticAddress = staticAddress;
        Model = model;
        _include = new HashSet<string>(include, StringComparer.Ordinal);
        _permit = new HashSet<string>(permit, StringComparer.Ordinal);
        Order = order;
        Qualify = qualify;
        QualifyMax = qualifyMax;
    }

    public NodeId Id { get; }

    /// <summary>The configured address; null for a dynamic peer.</summary>
    public IPEndPoint? StaticAddress { get; }

    public DundiPeerModel Model { get; }

    public int Order { get; }

    public bool Qualify { get; }

    public TimeSpan QualifyMax { get; }

    public IReadOnlyCollection<string> Permitted => _permit;

    /// <summary>Where to send: the static address, or the last registration of a dynamic peer.</summary>
    public IPEndPoint? Address => StaticAddress ?? RegisteredAddress;

    public IPEndPoint? RegisteredAddress { get; set; }

    public PeerReachability Reachability { get; set; } = PeerReachability.Unknown;

    /// <summary>The last measured round trip, if any.</summary>
    public TimeSpan? RoundTrip { get; set; }

    /// <summary>True when we may ask this peer about <paramref name="context"/>.</summary>
    public bool CanAsk(string context) => Model != DundiPeerModel.Inbound && _include.Contains(context);

    /// <summary>True when this peer may ask us about <paramref name="context"/>.</summary>
    public bool MayAsk(string context) => Model != DundiPeerModel.Outbound && _permit.Contains(context);

    public PeerInfo ToInfo() => new(Id, Order) { Reachability = Reachability, HasAddress = Address is not null };
}
