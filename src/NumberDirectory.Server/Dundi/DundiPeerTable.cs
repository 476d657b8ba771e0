using System.Net;
using Microsoft.Extensions.Options;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Peers;

namespace NumberDirectory.Server.Dundi;

/// <summary>The configured peers, by EID; the fan-out's view of them.</summary>
internal sealed class DundiPeerTable : IPeerDirectory
{
    private static readonly string[] Orders = ["primary", "secondary", "tertiary", "quartiary"];

    private readonly Dictionary<NodeId, DundiPeer> _peers;
    private readonly HashSet<string> _served;

    public DundiPeerTable(IOptions<DundiOptions> options, TimeProvider time)
    {
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
