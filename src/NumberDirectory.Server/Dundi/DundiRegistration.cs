using Microsoft.Extensions.Options;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// Registers this node with the peers configured for it (<c>Register: true</c>), which know us as a
/// dynamic peer: REGREQ with our EID every 60 s, or sooner when the registrar asks for a shorter
/// lifetime; every 10 s while a registration is refused or unanswered.
/// </summary>
/// <remarks>docs/protocols/dundi.md §Registration and §Golden captures (files 40–43).</remarks>
internal sealed partial class DundiRegistration(
    DundiEndpoint endpoint,
    DundiPeerTable peers,
    NodeIdentity identity,
    IOptions<DundiOptions> options,
    TimeProvider time,
    ILogger<DundiRegistration> logger) : BackgroundService
{
    private const ushort Lifetime = 60;
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(10);

    private readonly PeerSchedule _schedule = new(time);

    /// <summary>Raised after each answer or failure (tests wait on it instead of sleeping).</summary>
    public event Action<DundiPeer, bool>? Registered;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _schedule.RunAsync(
            () => peers.All.Where(p => p.RegisterWith && p.StaticAddress is not null),
            Retry,
            peer =>
            {
                var transaction = endpoint.Open(peer.Id, peer.StaticAddress!, new Pending(this, peer), DundiPeerClient.RetransmitInterval(peer, options.Value), options.Value.MaxSends);
                transaction.Send(DundiCommand.RegisterRequest, [DundiElement.Version(), DundiElement.Eid(identity.Id), DundiElement.Expiration(Lifetime)], final: false);
            },
            stoppingToken);

    private void Answered(DundiPeer peer, DundiMessage response)
    {
        peer.Seen();
        if (response.Cause is { } cause)
        {
            LogRefused(peer.Id, cause.Code, cause.Text);
            Registered?.Invoke(peer, false);
            return;
        }

        // Re-register when a third of the granted lifetime is left, as the registrar forgets us after it.
        var granted = TimeSpan.FromSeconds(Math.Max((int)(response.Expiration ?? Lifetime), 3));
        _schedule.Next(peer, granted * 2 / 3);

        Registered?.Invoke(peer, true);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer {Peer} refused our registration: {Cause} {Text}")]
    private partial void LogRefused(NumberDirectory.Core.Numbers.NodeId peer, DundiCauseCode cause, string text);

    private sealed class Pending(DundiRegistration owner, DundiPeer peer) : IDundiTransactionOwner
    {
        public void Received(DundiTransaction transaction, DundiMessage message)
        {
            if (message.Command == DundiCommand.RegisterResponse)
            {
                owner.Answered(peer, message);
            }
        }

        public void Acknowledged(DundiTransaction transaction, TimeSpan roundTrip)
        {
        }

        public void Failed(DundiTransaction transaction, string reason) => owner.Registered?.Invoke(peer, false);
    }
}
