using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.Extensions.Options;
using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Peers;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// The peers, by EID: the configured ones and those added at runtime; the fan-out's view of them.
/// State changes go through here, so that a peer coming back takes with it the negative knowledge
/// learned while it was away, and a peer added, changed or removed takes with it what was learned
/// without it or through it.
/// </summary>
/// <remarks>
/// Lookups read the table on every query, so readers take an immutable snapshot with one volatile
/// read and never lock; the few writers (the admin API) build a new snapshot under a lock and swap it in.
/// </remarks>
internal sealed class DundiPeerTable : IPeerDirectory
{
    private static readonly string[] Orders = ["primary", "secondary", "tertiary", "quartiary"];

    private readonly IReadOnlyList<string> _contexts;
    private readonly LookupCache _cache;
    private readonly PeerHintTable _hints;
    private readonly Lock _write = new();
    private Snapshot _current;

    public DundiPeerTable(IOptions<DundiOptions> options, TimeProvider time, LookupCache cache, PeerHintTable hints)
    {
        _cache = cache;
        _hints = hints;
        var dundi = options.Value;
        _contexts = [.. dundi.Contexts];
        _current = Build(dundi.Peers.Select(p => DundiPeer.FromOptions(p, DundiPeerSource.Config, time)));
    }

    public IReadOnlyCollection<DundiPeer> All => Volatile.Read(ref _current).Peers;

    public bool TryGet(NodeId id, [MaybeNullWhen(false)] out DundiPeer peer) => Volatile.Read(ref _current).ById.TryGetValue(id, out peer);

    /// <summary>
    /// True when <paramref name="context"/> is listed in <c>Dundi:Contexts</c> or some peer is asked about it
    /// (the node can answer it through them); contexts with published ranges are served as well.
    /// </summary>
    public bool Serves(string context) => Volatile.Read(ref _current).Served.Contains(context);

    /// <summary>True when <paramref name="address"/> is some static peer's (IPv4-mapped addresses count as IPv4).</summary>
    public bool IsPeerAddress(IPAddress address) => Volatile.Read(ref _current).Addresses.Contains(Plain(address));

    public IReadOnlyList<PeerInfo> OutboundPeers(string context) =>
        [.. Volatile.Read(ref _current).Peers.Where(p => p.CanAsk(context)).Select(p => p.ToInfo())];

    /// <summary>Raised after a peer was added, replaced or removed (after the table shows it).</summary>
    public event Action? Changed;

    /// <summary>
    /// Adds <paramref name="peer"/>; false when a peer with its EID exists. "Not found" answers cached in
    /// the contexts it is asked about are forgotten: they were concluded without it.
    /// </summary>
    public bool TryAdd(DundiPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (_write)
        {
            if (_current.ById.ContainsKey(peer.Id))
            {
                return false;
            }

            Volatile.Write(ref _current, Build(_current.Peers.Append(peer)));
        }

        _cache.FlushNegativeSince(peer.Included, DateTimeOffset.MinValue);
        Changed?.Invoke();
        return true;
    }

    /// <summary>
    /// Adds a runtime peer read back from the data file at start; false when a peer with its EID exists.
    /// Unlike <see cref="TryAdd"/> nothing is forgotten: the cache restored from the same file was
    /// learned with this peer there.
    /// </summary>
    public bool TryRestore(DundiPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (_write)
        {
            if (_current.ById.ContainsKey(peer.Id))
            {
                return false;
            }

            Volatile.Write(ref _current, Build(_current.Peers.Append(peer)));
        }

        Changed?.Invoke();
        return true;
    }

    /// <summary>
    /// Replaces the peer with <paramref name="peer"/>'s EID, which carries on its state; false when there
    /// is none. What was learned from it, and "not found" answers in the contexts it is now asked
    /// about, are forgotten: its settings no longer say the same.
    /// </summary>
    public bool TryReplace(DundiPeer peer, [NotNullWhen(true)] out DundiPeer? previous)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (_write)
        {
            if (!_current.ById.TryGetValue(peer.Id, out previous))
            {
                return false;
            }

            peer.ContinueFrom(previous);
            var replaced = previous;
            Volatile.Write(ref _current, Build(_current.Peers.Select(p => ReferenceEquals(p, replaced) ? peer : p)));
        }

        Forget(peer.Id);
        _cache.FlushNegativeSince(peer.Included, DateTimeOffset.MinValue);
        Changed?.Invoke();
        return true;
    }

    /// <summary>Removes the peer <paramref name="id"/>, and the answers and hints learned from it; false when there is none.</summary>
    public bool TryRemove(NodeId id, [NotNullWhen(true)] out DundiPeer? removed)
    {
        lock (_write)
        {
            if (!_current.ById.TryGetValue(id, out removed))
            {
                return false;
            }

            var gone = removed;
            Volatile.Write(ref _current, Build(_current.Peers.Where(p => !ReferenceEquals(p, gone))));
        }

        Forget(id);
        Changed?.Invoke();
        return true;
    }

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

    // Answers it gave may no longer be wanted (it was removed, or is no longer asked about their
    // context), and its DONT_ASK hints were given under its old settings.
    private void Forget(NodeId id)
    {
        _cache.FlushPeer(id);
        _hints.FlushPeer(id);
    }

    public static int ParseOrder(string order) => Array.IndexOf(Orders, order.Trim().ToLowerInvariant());

    public static IReadOnlyList<string> OrderNames => Orders;

    private Snapshot Build(IEnumerable<DundiPeer> peers)
    {
        DundiPeer[] all = [.. peers];
        return new Snapshot(
            all,
            all.ToFrozenDictionary(p => p.Id),
            _contexts.Concat(all.Where(p => p.Model != DundiPeerModel.Inbound).SelectMany(p => p.Included)).ToFrozenSet(StringComparer.Ordinal),
            all.Where(p => p.StaticAddress is not null).Select(p => Plain(p.StaticAddress!.Address)).ToFrozenSet());
    }

    private static IPAddress Plain(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private sealed record Snapshot(
        IReadOnlyList<DundiPeer> Peers,
        FrozenDictionary<NodeId, DundiPeer> ById,
        FrozenSet<string> Served,
        FrozenSet<IPAddress> Addresses);
}
