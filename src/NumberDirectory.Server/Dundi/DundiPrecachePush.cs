using System.Collections.Concurrent;
using System.Threading.Channels;
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
/// CALLED_NUMBER is what Asterisk does and no peer can use), each whole or not at all: at most
/// <c>Dundi:PrecacheMaxNumbersPerRange</c> numbers per range, and at most
/// <c>Dundi:PrecacheMaxNumbersPerRound</c> numbers to one peer per round (a range that does not fit in
/// what is left waits for a later round). Each range left out is logged once per peer and reason.
/// At most <see cref="Window"/> pushes are unanswered at once, so a round of a thousand numbers
/// never lands on the peer as a thousand transactions at once (a receiver caps what one source may
/// have open). A peer added or changed at runtime is pushed to as soon as it is in the table.
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
    /// <summary>Pushes in flight to one peer at a time.</summary>
    public const int Window = 64;

    private readonly ConcurrentDictionary<(string Range, NodeId Peer, Reason Reason), byte> _logged = new();

    // One pending wake-up is enough: the round looks at every peer when it wakes.
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private enum Reason
    {
        NotFixed,
        OverRangeLimit,
        OverRoundBudget,
    }

    /// <summary>Raised after each round of pushes with the number of PRECACHERQ sent.</summary>
    public event Action<int>? Pushed;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        peers.Changed += OnPeersChanged;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        peers.Changed -= OnPeersChanged;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Refresh at half the lifetime we announce, so the peer's copy never lapses.
        var lifetime = TimeSpan.FromSeconds(lookupOptions.Value.LocalAnswerTtlSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            // A peer added or changed at runtime during a round is pushed to at once, not a round later;
            // one that was pushed to this round is not pushed to again until the next.
            var pushed = new HashSet<DundiPeer>(ReferenceEqualityComparer.Instance);
            var next = time.GetUtcNow() + (lifetime / 2);
            var first = true;
            do
            {
                var sent = 0;
                var any = false;
                // A peer qualify knows to be down would hold the round up, push by push, until each gave up.
                foreach (var peer in peers.All.Where(p => p.PushPrecache && p.Address is not null && p.Reachability != Core.Peers.PeerReachability.Unreachable && !pushed.Contains(p)))
                {
                    any = true;
                    pushed.Add(peer);
                    try
                    {
                        sent += await PushToAsync(peer, lifetime, stoppingToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                // Each round is reported once it is over, and each later push within it when it happens.
                if (any || (first && peers.All.Any(p => p.PushPrecache)))
                {
                    Pushed?.Invoke(sent);
                }

                first = false;
            }
            while (await WaitAsync(next, stoppingToken).ConfigureAwait(false));

            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Waits until <paramref name="until"/> (false) or until the peers change before it (true).</summary>
    private async Task<bool> WaitAsync(DateTimeOffset until, CancellationToken stoppingToken)
    {
        var left = until - time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            return false;
        }

        using var timeout = new CancellationTokenSource(left, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stoppingToken);
        try
        {
            await _changed.Reader.ReadAsync(either.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void OnPeersChanged() => _changed.Writer.TryWrite(true);

    private async Task<int> PushToAsync(DundiPeer peer, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        using var window = new SemaphoreSlim(Window);
        var perRange = dundiOptions.Value.PrecacheMaxNumbersPerRange;
        var budget = dundiOptions.Value.PrecacheMaxNumbersPerRound;
        var sent = 0;
        foreach (var range in ranges.Snapshot().Where(r => peer.MayAsk(r.Context)))
        {
            if (range.Pattern.FixedCount() is not { } count)
            {
                NotPushed(range, peer, Reason.NotFixed, 0);
                continue;
            }

            if (count > perRange)
            {
                NotPushed(range, peer, Reason.OverRangeLimit, count);
                continue;
            }

            if (count > budget - sent)
            {
                NotPushed(range, peer, Reason.OverRoundBudget, count, budget - sent);
                continue;
            }

            if (!range.Pattern.TryExpand(budget - sent, out var numbers))
            {
                NotPushed(range, peer, Reason.NotFixed, count);
                continue;
            }

            foreach (var digits in numbers)
            {
                await window.WaitAsync(cancellationToken).ConfigureAwait(false);
                Push(peer, range, digits, lifetime, new Pending(window));
                sent++;
            }
        }

        // The round is over when its last pushes are answered or given up (each has a deadline).
        for (var i = 0; i < Window; i++)
        {
            await window.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return sent;
    }

    private void Push(DundiPeer peer, PublishedRange range, string digits, TimeSpan lifetime, Pending pending)
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
        var transaction = endpoint.Open(peer.Id, peer.Address!, pending, DundiPeerClient.RetransmitInterval(peer, dundiOptions.Value), dundiOptions.Value.MaxSends);
        transaction.Send(DundiCommand.PrecacheRequest, [.. elements], final: false);
    }

    // Rounds repeat every few minutes: a range left out is logged the first time, not every round.
    private void NotPushed(PublishedRange range, DundiPeer peer, Reason reason, long count, int left = 0)
    {
        if (!_logged.TryAdd((range.Key, peer.Id, reason), 0))
        {
            return;
        }

        var options = dundiOptions.Value;
        switch (reason)
        {
            case Reason.NotFixed:
                LogNotFixed(range.Key, peer.Id);
                break;
            case Reason.OverRangeLimit:
                LogOverRangeLimit(range.Key, peer.Id, count, options.PrecacheMaxNumbersPerRange);
                break;
            default:
                LogOverRoundBudget(range.Key, peer.Id, count, left, options.PrecacheMaxNumbersPerRound);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Range {Range} is not pushed to {Peer}: it is not a fixed set of numbers")]
    private partial void LogNotFixed(string range, NodeId peer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Range {Range} is not pushed to {Peer}: it names {Count} numbers, more than Dundi:PrecacheMaxNumbersPerRange ({Limit})")]
    private partial void LogOverRangeLimit(string range, NodeId peer, long count, int limit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Range {Range} is not pushed to {Peer}: its {Count} numbers do not fit in what is left of Dundi:PrecacheMaxNumbersPerRound ({Left} of {Budget})")]
    private partial void LogOverRoundBudget(string range, NodeId peer, long count, int left, int budget);

    /// <summary>Gives its place in the window back once the push is answered or given up, once.</summary>
    private sealed class Pending(SemaphoreSlim window) : IDundiTransactionOwner
    {
        private int _done;

        public void Received(DundiTransaction transaction, DundiMessage message)
        {
            if (message.IsFinal)
            {
                Done();
            }
        }

        public void Acknowledged(DundiTransaction transaction, TimeSpan roundTrip)
        {
        }

        public void Failed(DundiTransaction transaction, string reason) => Done();

        private void Done()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                try
                {
                    window.Release();
                }
                catch (ObjectDisposedException)
                {
                    // The round was cancelled (the node is stopping).
                }
            }
        }
    }
}
