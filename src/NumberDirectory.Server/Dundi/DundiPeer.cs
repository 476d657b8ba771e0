using System.Net;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Peers;

namespace NumberDirectory.Server.Dundi;

/// <summary>A configured peer and what is known about it now (address, round trip, reachability).</summary>
internal sealed class DundiPeer
{
    private readonly HashSet<string> _include;
    private readonly HashSet<string> _permit;

    public DundiPeer(TimeProvider time, NodeId id, IPEndPoint? staticAddress, DundiPeerModel model, IEnumerable<string> include, IEnumerable<string> permit, int order, bool qualify, TimeSpan qualifyMax)
    {
        _time = time;
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

    public IReadOnlyCollection<string> Included => _include;

    /// <summary>We register with this peer.</summary>
    public bool RegisterWith { get; init; }

    /// <summary>We push our numbers to this peer.</summary>
    public bool PushPrecache { get; init; }

    /// <summary>Where to send: the static address, or the current registration of a dynamic peer.</summary>
    public IPEndPoint? Address => StaticAddress ?? RegisteredAddress;

    /// <summary>Where a dynamic peer registered from, while its registration lasts.</summary>
    public IPEndPoint? RegisteredAddress => _registration is { } r && r.Until > _time.GetUtcNow() ? r.Address : null;

    /// <summary>Until when the current registration lasts; null when there is none.</summary>
    public DateTimeOffset? RegisteredUntil => RegisteredAddress is null ? null : _registration!.Value.Until;

    private readonly TimeProvider _time;
    private (IPEndPoint Address, DateTimeOffset Until)? _registration;

    /// <summary>
    /// Records a registration of a dynamic peer. Returns since when the peer had been without a
    /// registration if this one brings it back (<see cref="DateTimeOffset.MinValue"/> when it never
    /// registered before), or null when it was registered already.
    /// </summary>
    public DateTimeOffset? Register(IPEndPoint address, DateTimeOffset until)
    {
        DateTimeOffset? away = RegisteredAddress is null ? _registration?.Until ?? DateTimeOffset.MinValue : null;
        _registration = (address, until);
        return away;
    }

    public PeerReachability Reachability { get; private set; } = PeerReachability.Unknown;

    /// <summary>
    /// Records what qualify (or a query) found. Returns since when the peer had been away when this
    /// brings it back from unreachable or lagged, or null.
    /// </summary>
    public DateTimeOffset? SetReachability(PeerReachability value)
    {
        var wasAway = Reachability is PeerReachability.Unreachable or PeerReachability.Lagged;
        var isAway = value is PeerReachability.Unreachable or PeerReachability.Lagged;
        Reachability = value;
        if (isAway)
        {
            _awaySince ??= _time.GetUtcNow();
            return null;
        }

        var since = wasAway ? _awaySince : null;
        _awaySince = null;
        return since;
    }

    private DateTimeOffset? _awaySince;

    /// <summary>The smoothed round trip, if one was measured.</summary>
    public TimeSpan? RoundTrip { get; private set; }

    /// <summary>
    /// Takes a round-trip sample: a faster one is believed at once, a slower one only a quarter,
    /// so one slow answer (a cold or briefly busy peer) does not stretch every retransmission.
    /// </summary>
    public void Observe(TimeSpan sample) =>
        RoundTrip = RoundTrip is { } previous && sample > previous ? (previous * 0.75) + (sample * 0.25) : sample;

    private int _queriesOut;
    private int _lookupsIn;

    /// <summary>Our queries to this peer still waiting for its answer.</summary>
    public int QueriesOut => Volatile.Read(ref _queriesOut);

    /// <summary>Lookups this node is running for this peer's queries.</summary>
    public int LookupsIn => Volatile.Read(ref _lookupsIn);

    /// <summary>Counts one more query of ours to this peer unless <paramref name="max"/> are out already.</summary>
    public bool TryBeginQuery(int max) => TryBegin(ref _queriesOut, max);

    public void EndQuery() => Interlocked.Decrement(ref _queriesOut);

    /// <summary>Counts one more lookup for this peer unless <paramref name="max"/> are running already.</summary>
    public bool TryBeginLookup(int max) => TryBegin(ref _lookupsIn, max);

    public void EndLookup() => Interlocked.Decrement(ref _lookupsIn);

    private static bool TryBegin(ref int count, int max)
    {
        if (Interlocked.Increment(ref count) <= max)
        {
            return true;
        }

        Interlocked.Decrement(ref count);
        return false;
    }

    /// <summary>True when we may ask this peer about <paramref name="context"/>.</summary>
    public bool CanAsk(string context) => Model != DundiPeerModel.Inbound && _include.Contains(context);

    /// <summary>True when this peer may ask us about <paramref name="context"/>.</summary>
    public bool MayAsk(string context) => Model != DundiPeerModel.Outbound && _permit.Contains(context);

    public PeerInfo ToInfo() => new(Id, Order) { Reachability = Reachability, HasAddress = Address is not null };
}
