using Microsoft.Extensions.Options;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// Pushes the numbers this node publishes to the peers configured for it (<c>Precache: true</c>),
/// one PRECACHERQ per number with its ANSWERs and EXPIRATION, at start and again before the pushed
/// answers expire. Only ranges that name a fixed set of numbers are pushed (a dialplan pattern in
/// CALLED_NUMBER is what Asterisk does and no peer can use), up to <c>Dundi:PrecacheMaxNumbers</c>.
/// </summary>
/// <remarks>docs/architecture.md §Precache; docs/protocols/dundi.md §Precache and §Golden captures (files 49–51).</remarks>
internal sealed partial class DundiPrecachePush(
    DundiEndpoint endpoint,
    DundiPeerTable peers,
    RangeTable ranges,
    NodeIdentity identity,
    IOptions<DundiOptions> dundiOptions,
    IOptions<LookupOptions> lookupOptions,
    TimeProvider time,
    ILogger<DundiPrecachePush> logger) : BackgroundService
{
    /// <summary>Raised after each round of pushes with the number of PRECACHERQ sent.</summary>
    public event Action<int>? Pushed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var targets = peers.All.Where(p => p.PushPrecache).ToList();
        if (targets.Count == 0)
        {
            return;
        }

        // Refresh at half the lifetime we announce, so the peer's copy never lapses.
        var lifetime = TimeSpan.FromSeconds(lookupOptions.Value.LocalAnswerTtlSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            foreach (var peer in targets.Where(p => p.Address is not null))
            {
                sent += PushTo(peer, lifetime);
            }

            Pushed?.Invoke(sent);
            try
            {
                await Task.Delay(lifetime / 2, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private int PushTo(DundiPeer peer, TimeSpan lifetime)
    {
        var budget = dundiOptions.Value.PrecacheMaxNumbers;
        var sent = 0;
        foreach (var range in ranges.Snapshot().Where(r => peer.MayAsk(r.Context)))
        {
            if (!range.Pattern.TryExpand(budget - sent, out var numbers))
            {
                LogNotPushed(range.Key, peer.Id);
                continue;
            }

            foreach (var digits in numbers)
            {
                var number = DialNumber.Parse(range.Pattern.IsE164 ? "+" + digits : digits);
                var routes = range.Routes.Select(r => new RouteAnswer(r.Template.Expand(number), r.Weight, r.Flags | Core.Routes.RouteFlags.Exists, identity.Id, lifetime));
                var elements = new List<DundiElement>
                {
                    DundiElement.Version(),
                    DundiElement.Eid(identity.Id),
                    DundiElement.CalledNumber(digits),
                    DundiElement.CalledContext(range.Context),
                    DundiElement.Ttl((ushort)lookupOptions.Value.HopBudget),
                };
                elements.AddRange(DundiAnswerMapping.Answers(routes));
                elements.Add(DundiElement.Hint(new DundiHint(LookupHintKind.None, string.Empty)));
                elements.Add(DundiElement.Expiration(DundiAnswerMapping.Seconds(lifetime)));
                var transaction = endpoint.Open(peer.Id, peer.Address!, NoReply.Instance, DundiPeerClient.RetransmitInterval(peer, dundiOptions.Value), dundiOptions.Value.MaxSends);
                transaction.Send(DundiCommand.PrecacheRequest, [.. elements], final: false);
                sent++;
            }
        }

        return sent;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Range {Range} is not pushed to {Peer}: it is not a fixed set of numbers within Dundi:PrecacheMaxNumbers")]
    private partial void LogNotPushed(string range, NodeId peer);

    private sealed class NoReply : IDundiTransactionOwner
    {
        public static NoReply Instance { get; } = new();

        public void Received(DundiTransaction transaction, DundiMessage message)
        {
        }

        public void Acknowledged(DundiTransaction transaction, TimeSpan roundTrip)
        {
        }

        public void Failed(DundiTransaction transaction, string reason)
        {
        }
    }
}
