using Microsoft.Extensions.Options;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Peers;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// Probes each qualified peer with NULL|FINAL and records its round trip: answered in time is
/// reachable, slower than the peer's maximum is lagged, no answer after the retransmissions is
/// unreachable. The fan-out never waits for lagged or unreachable peers.
/// </summary>
/// <remarks>docs/protocols/dundi.md §Qualify.</remarks>
internal sealed partial class DundiQualifier(
    DundiEndpoint endpoint,
    DundiPeerTable peers,
    IOptions<DundiOptions> options,
    TimeProvider time,
    ILogger<DundiQualifier> logger) : BackgroundService
{
    private readonly PeerSchedule _schedule = new(time);

    /// <summary>Raised after each probe with its outcome (tests wait on it instead of sleeping).</summary>
    public event Action<DundiPeer, PeerReachability>? Probed;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _schedule.RunAsync(
            () => peers.All.Where(p => p.Qualify && p.Address is not null),
            TimeSpan.FromSeconds(options.Value.QualifyIntervalSeconds),
            Probe,
            stoppingToken);

    private void Probe(DundiPeer peer)
    {
        var probe = new ProbeOwner(this, peer);
        var transaction = endpoint.Open(peer.Id, peer.Address!, probe, DundiPeerClient.RetransmitInterval(peer, options.Value), options.Value.MaxSends);
        transaction.Send(DundiCommand.Null, [], final: true);
    }

    private void Record(DundiPeer peer, PeerReachability reachability, TimeSpan? roundTrip)
    {
        var before = peer.Reachability;
        peers.SetReachability(peer, reachability);
        if (roundTrip is { } rtt)
        {
            peer.Observe(rtt);
        }

        if (reachability != PeerReachability.Reachable)
        {
            // Look again soon so a peer that comes back is used again soon.
            _schedule.Next(peer, TimeSpan.FromSeconds(options.Value.QualifyRetrySeconds));
        }

        if (before != reachability)
        {
            if (roundTrip is { } measured)
            {
                LogStateChange(peer.Id, before, reachability, measured.TotalMilliseconds);
            }
            else
            {
                LogNoAnswer(peer.Id, before, reachability);
            }
        }

        Probed?.Invoke(peer, reachability);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer} is now {State} (was {Before}; round trip {RoundTripMs:F1} ms)")]
    private partial void LogStateChange(NumberDirectory.Core.Numbers.NodeId peer, PeerReachability before, PeerReachability state, double roundTripMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer {Peer} is now {State} (was {Before}; no answer to its probes)")]
    private partial void LogNoAnswer(NumberDirectory.Core.Numbers.NodeId peer, PeerReachability before, PeerReachability state);

    private sealed class ProbeOwner(DundiQualifier owner, DundiPeer peer) : IDundiTransactionOwner
    {
        public void Received(DundiTransaction transaction, DundiMessage message)
        {
        }

        public void Acknowledged(DundiTransaction transaction, TimeSpan roundTrip) =>
            owner.Record(peer, roundTrip >= peer.QualifyMax ? PeerReachability.Lagged : PeerReachability.Reachable, roundTrip);

        public void Failed(DundiTransaction transaction, string reason) =>
            owner.Record(peer, PeerReachability.Unreachable, null);
    }
}
