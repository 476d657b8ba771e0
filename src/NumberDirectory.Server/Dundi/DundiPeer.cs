using System.Net;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Peers;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// A peer (from the configuration file or added at runtime) and what is known about it now (address,
/// round trip, reachability, when it last answered). Its settings never change: a peer updated at
/// runtime is a new <see cref="DundiPeer"/> that carries on this one's state (<see cref="ContinueFrom"/>).
/// </summary>
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

    /// <summary>Where the settings come from: config-owned peers are read-only at runtime.</summary>
    public DundiPeerSource Source { get; init; } = DundiPeerSource.Config;

    /// <summary>The peer's public key as given: a file path for a config-owned peer, PEM text for a runtime one; empty when plaintext.</summary>
    public string InKey { get; init; } = string.Empty;

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
    public void Observe(TimeSpan sample)
    {
        RoundTrip = RoundTrip is { } previous && sample > previous ? (previous * 0.75) + (sample * 0.25) : sample;
        Seen();
    }

    // Shared with the peer this one replaces (and the one replacing it), so queries begun before an
    // update count against the same per-peer caps as those after it.
    private InFlight _inFlight = new();

    /// <summary>Our queries to this peer still waiting for its answer.</summary>
    public int QueriesOut => Volatile.Read(ref _inFlight.QueriesOut);

    /// <summary>Lookups this node is running for this peer's queries.</summary>
    public int LookupsIn => Volatile.Read(ref _inFlight.LookupsIn);

    /// <summary>Counts one more query of ours to this peer unless <paramref name="max"/> are out already.</summary>
    public bool TryBeginQuery(int max) => TryBegin(ref _inFlight.QueriesOut, max);

    public void EndQuery() => Interlocked.Decrement(ref _inFlight.QueriesOut);

    /// <summary>Counts one more lookup for this peer unless <paramref name="max"/> are running already.</summary>
    public bool TryBeginLookup(int max) => TryBegin(ref _inFlight.LookupsIn, max);

    public void EndLookup() => Interlocked.Decrement(ref _inFlight.LookupsIn);

    private long _lastSeenTicks;

    /// <summary>When the peer last answered anything (an ACK, a response); null when it never did.</summary>
    public DateTimeOffset? LastSeen => Volatile.Read(ref _lastSeenTicks) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Records that the peer answered just now.</summary>
    public void Seen() => Volatile.Write(ref _lastSeenTicks, _time.GetUtcNow().UtcTicks);

    /// <summary>
    /// Takes over what is known about <paramref name="previous"/>, the same peer before its settings
    /// changed: the in-flight counts always, and reachability, round trip and registration when it is
    /// still at the same address (a peer moved elsewhere is not known to be reachable there).
    /// </summary>
    public void ContinueFrom(DundiPeer previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        _inFlight = previous._inFlight;
        Volatile.Write(ref _lastSeenTicks, Volatile.Read(ref previous._lastSeenTicks));
        if (!Equals(StaticAddress, previous.StaticAddress))
        {
            return;
        }

        Reachability = previous.Reachability;
        _awaySince = previous._awaySince;
        RoundTrip = previous.RoundTrip;
        _registration = previous._registration;
    }

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

    /// <summary>A peer as an entry of <c>Dundi:Peers</c> (or a runtime peer in the same shape) describes it; the options are valid.</summary>
    public static DundiPeer FromOptions(DundiPeerOptions options, DundiPeerSource source, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dynamic = string.Equals(options.Host.Trim(), "dynamic", StringComparison.OrdinalIgnoreCase);
        return new DundiPeer(
            time,
            NodeId.Parse(options.Id),
            dynamic ? null : new IPEndPoint(IPAddress.Parse(options.Host.Trim()), options.Port),
            Enum.Parse<DundiPeerModel>(options.Model, ignoreCase: true),
            options.Include,
            options.Permit,
            DundiPeerTable.ParseOrder(options.Order),
            options.Qualify,
            TimeSpan.FromMilliseconds(options.QualifyMaxMs))
        {
            RegisterWith = options.Register,
            PushPrecache = options.Precache,
            Source = source,
            InKey = options.InKey?.Trim() ?? string.Empty,
        };
    }

    private sealed class InFlight
    {
        public int QueriesOut;
        public int LookupsIn;
    }
}
