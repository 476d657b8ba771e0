using System.Net;
using Microsoft.Extensions.Options;
using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Peers;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// The configured peers, by EID; the fan-out's view of them. State changes go through here, so that
/// a peer coming back takes with it the negative knowledge learned while it was away.
/// </summary>
internal sealed class DundiPeerTable : IPeerDirectory
{
    private static readonly string[] Orders = ["primary", "secondary", "tertiary", "quartiary"];

    private readonly Dictionary<NodeId, DundiPeer> _peers;
    private readonly HashSet<string> _served;

    private readonly LookupCache _cache;
    private readonly PeerHintTable _hints;

    public DundiPeerTable(IOptions<DundiOptions> options, TimeProvider time, LookupCache cache, PeerHintTable hints)
    {
        _cache = cache;
        _hints = hints;
        var dundi = options.Value;
        _peers = dundi.Peers.Select(p => Create(p, time)).ToDictionary(p => p.Id);
        _served = new HashSet<string>(dundi.Contexts.Concat(_peers.Values.Where(p => p.Model != DundiPeerModel.Inbound).SelectMany(p => p.Included)), StringComparer.Ordinal);
    }

    public IReadOnlyCollection<DundiPeer> All => _peers.Values;

    public bool TryGet(NodeId id, out DundiPeer peer) => _peers.TryGetValue(id, out peer!);

    /// <summary>
    /// True when <paramref name="context"/> is listed in <c>Dundi:Contexts</c> or some peer is asked about it
    /// (the node can answer it through them); contexts with published ranges are served as well.
    /// </summary>
    public bool Serves(string context) => _served.Contains(context);

    public IReadOnlyList<PeerInfo> OutboundPeers(string context) =>
        [.. _peers.Values.Where(p => p.CanAsk(context)).Select(p => p.ToInfo())];

    /// <summary>Records what qualify found about <paramref name="peer"/>.</summary>
    public void SetReachability(DundiPeer peer, PeerReachability reachability)
    {
        if (peer.SetReachability(reachability) is { } awaySince)
        {
            Returned(peer, awaySince);
        }
    }

    /// <summary>Records a registration of the dynamic <paramref name="peer"/>.</summary>
    public void Register(DundiPeer peer, IPEndPoint address, DateTimeOffset until)
    {
        if (peer.Register(address, until) is { } awaySince)
        {
            Returned(peer, awaySince);
        }

        Registered?.Invoke(peer);
    }

    /// <summary>Raised after every registration of a dynamic peer (renewals too).</summary>
    public event Action<DundiPeer>? Registered;

    /// <summary>Raised when a peer comes back, after what was learned without it is forgotten.</summary>
    public event Action<DundiPeer, int>? PeerReturned;

    // "Not found" answers and DONT_ASK hints concluded while a peer that could know was away would
    // keep its numbers unreachable for up to the negative TTL after it is back.
    private void Returned(DundiPeer peer, DateTimeOffset awaySince)
    {
        var contexts = peer.Included;
        var forgotten = _cache.FlushNegativeSince(contexts, awaySince) + _hints.FlushLearnedSince(contexts, awaySince);
        PeerReturned?.Invoke(peer, forgotten);
    }

    public static int ParseOrder(string order) => Array.IndexOf(Orders, order.Trim().ToLowerInvariant());

    public static IReadOnlyList<string> OrderNames => Orders;

    private static DundiPeer Create(DundiPeerOptions options, TimeProvider time)
    {
        var dynamic = string.Equals(options.Host.Trim(), "dynamic", StringComparison.OrdinalIgnoreCase);
        return new DundiPeer(
            time,
            NodeId.Parse(options.Id),
            dynamic ? null : new IPEndPoint(IPAddress.Parse(options.Host.Trim()), options.Port),
            Enum.Parse<DundiPeerModel>(options.Model, ignoreCase: true),
            options.Include,
            options.Permit,
            ParseOrder(options.Order),
            options.Qualify,
            TimeSpan.FromMilliseconds(options.QualifyMaxMs))
        {
            RegisterWith = options.Register,
            PushPrecache = options.Precache,
        };
    }
}
