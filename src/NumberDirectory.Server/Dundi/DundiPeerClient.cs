using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Peers;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// Asks one peer over DUNDi: DPDISCOVER on a new transaction, retransmitted on an interval adapted
/// to the peer's round trip, the DPRESPONSE read into a <see cref="PeerAnswer"/>; at the deadline
/// or on cancellation the transaction is closed with CANCEL.
/// </summary>
/// <remarks>
/// docs/protocols/dundi.md §Queries, §Reliability and §Refusals; docs/architecture.md §Deadlines and
/// §Retransmission and giving up.
/// </remarks>
internal sealed class DundiPeerClient(DundiEndpoint endpoint, DundiPeerTable peers, IOptions<DundiOptions> options, TimeProvider time, NodeMetrics metrics) : IPeerClient
{
    // The fan-out's deadline timers and this query's fire within a timer tick of each other: a
    // cancellation this close to the deadline is the deadline.
    private static readonly TimeSpan DeadlineTolerance = TimeSpan.FromMilliseconds(10);

    public async ValueTask<PeerAnswer> QueryAsync(PeerInfo peer, PeerQuery query, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(query);
        var (answer, outcome, unfinished) = await AskAsync(peer, query, deadline, cancellationToken).ConfigureAwait(false);

        // Counted before the peer is told to stop, so whoever sees the CANCEL sees the count.
        metrics.PeerQuery(peer.Id, outcome);
        unfinished?.Send(DundiCommand.Cancel, [], final: true);
        return answer;
    }

    /// <summary>The answer, how the query ended, and its transaction when it is still open and must be cancelled.</summary>
    private async ValueTask<(PeerAnswer Answer, PeerQueryOutcome Outcome, DundiTransaction? Unfinished)> AskAsync(PeerInfo peer, PeerQuery query, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        if (!peers.TryGet(peer.Id, out var known) || known.Address is not { } address)
        {
            return (PeerAnswer.Failed("no address for this peer"), PeerQueryOutcome.Failed, null);
        }

        var budget = deadline - time.GetUtcNow();
        if (budget <= TimeSpan.Zero)
        {
            return (PeerAnswer.TimedOut("no time left before the deadline"), PeerQueryOutcome.Timeout, null);
        }

        // A peer that stopped answering while calls keep coming would otherwise collect a query per
        // call until qualify notices; the lookup is failed (or partial) at once instead.
        if (!known.TryBeginQuery(options.Value.MaxQueriesPerPeer))
        {
            return (PeerAnswer.Failed($"{options.Value.MaxQueriesPerPeer} queries to this peer already waiting (Dundi:MaxQueriesPerPeer)"), PeerQueryOutcome.Overloaded, null);
        }

        try
        {
            return await AskPeerAsync(known, address, query, deadline, budget, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            known.EndQuery();
        }
    }

    private async ValueTask<(PeerAnswer Answer, PeerQueryOutcome Outcome, DundiTransaction? Unfinished)> AskPeerAsync(DundiPeer known, System.Net.IPEndPoint address, PeerQuery query, DateTimeOffset deadline, TimeSpan budget, CancellationToken cancellationToken)
    {

        var pending = new PendingQuery(peers, known);
        var interval = QueryInterval(known, budget);
        var transaction = endpoint.Open(known.Id, address, pending, interval, options.Value.MaxSends);
        transaction.Send(DundiCommand.DpDiscover, Elements(query), final: false);
        try
        {
            var response = await pending.Response.Task.WaitAsync(budget, time, cancellationToken).ConfigureAwait(false);
            if (pending.EncryptionRejected && transaction.EncryptedPeer is not null && deadline - time.GetUtcNow() is { Ticks: > 0 } left)
            {
                // The peer did not know our key (it restarted, or our CRC-only first packet raced the
                // full one): once more on a new transaction, which now carries the full key.
                budget = left;
                pending = new PendingQuery(peers, known);
                transaction = endpoint.Open(known.Id, address, pending, interval, options.Value.MaxSends);
                transaction.Send(DundiCommand.DpDiscover, Elements(query), final: false);
                response = await pending.Response.Task.WaitAsync(budget, time, cancellationToken).ConfigureAwait(false);
            }

            return (response, response.Status switch
            {
                PeerAnswerStatus.Answered => PeerQueryOutcome.Answered,
                PeerAnswerStatus.Refused => PeerQueryOutcome.Refused,
                _ => PeerQueryOutcome.Failed,
            }, null);
        }
        catch (TimeoutException)
        {
            return (PeerAnswer.TimedOut($"no answer within {budget.TotalMilliseconds:F0} ms"), PeerQueryOutcome.Timeout, transaction);
        }
        catch (OperationCanceledException)
        {
            return time.GetUtcNow() >= deadline - DeadlineTolerance
                ? (PeerAnswer.TimedOut("cancelled at the deadline"), PeerQueryOutcome.Timeout, transaction)
                : (PeerAnswer.Failed("cancelled by the asker"), PeerQueryOutcome.Cancelled, transaction);
        }
    }

    /// <summary>
    /// The peer's interval, but short enough that a lost packet is sent at least twice more within
    /// the query's budget: a round trip measured while the peer was cold or busy must not leave a
    /// sub-second lookup without a retry.
    /// </summary>
    private TimeSpan QueryInterval(DundiPeer peer, TimeSpan budget)
    {
        var floor = TimeSpan.FromMilliseconds(options.Value.RetransmitMinMs);
        var interval = RetransmitInterval(peer, options.Value);
        var fit = budget / 3;
        return interval <= fit ? interval : (fit > floor ? fit : floor);
    }

    /// <summary>Twice the measured round trip, clamped; the configured initial interval before any measurement.</summary>
    public static TimeSpan RetransmitInterval(DundiPeer peer, DundiOptions options)
    {
        if (peer.RoundTrip is not { } roundTrip)
        {
            return TimeSpan.FromMilliseconds(options.RetransmitInitialMs);
        }

        var ms = Math.Clamp(roundTrip.TotalMilliseconds * 2, options.RetransmitMinMs, options.RetransmitMaxMs);
        return TimeSpan.FromMilliseconds(ms);
    }

    private static ImmutableArray<DundiElement> Elements(PeerQuery query)
    {
        var elements = ImmutableArray.CreateBuilder<DundiElement>();
        elements.Add(DundiElement.Version());
        elements.Add(DundiElement.EidDirect(query.Path[0]));
        foreach (var eid in query.Path.AsSpan()[1..])
        {
            elements.Add(DundiElement.Eid(eid));
        }

        // The e164 context carries E.164 numbers without the plus, as Asterisk does.
        elements.Add(DundiElement.CalledNumber(query.Number.Digits));
        elements.Add(DundiElement.CalledContext(query.Context));
        elements.Add(DundiElement.Ttl((ushort)Math.Clamp(query.Ttl, 0, ushort.MaxValue)));
        if (query.BypassCache)
        {
            elements.Add(DundiElement.CacheBypass());
        }

        return elements.ToImmutable();
    }

    private sealed class PendingQuery(DundiPeerTable peers, DundiPeer peer) : IDundiTransactionOwner
    {
        public TaskCompletionSource<PeerAnswer> Response { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The peer answered ENCREJ: it could not open our ENCRYPT.</summary>
        public bool EncryptionRejected { get; private set; }

        public void Received(DundiTransaction transaction, DundiMessage message)
        {
            switch (message.Command)
            {
                case DundiCommand.DpResponse:
                    peer.Seen();
                    Response.TrySetResult(DundiAnswerMapping.ToPeerAnswer(message));
                    break;
                case DundiCommand.EncryptReject:
                    EncryptionRejected = true;
                    Response.TrySetResult(new PeerAnswer(PeerAnswerStatus.Refused, [], TimeSpan.Zero) { Reason = "the peer could not open our encrypted query (ENCREJ)" });
                    break;
                case DundiCommand.Cancel:
                    Response.TrySetResult(PeerAnswer.Failed("the peer cancelled"));
                    break;
                default:
                    if (message.IsFinal)
                    {
                        Response.TrySetResult(PeerAnswer.Failed($"unexpected {message.Command}"));
                    }

                    break;
            }
        }

        public void Acknowledged(DundiTransaction transaction, TimeSpan roundTrip)
        {
            // Smooth the estimate so one slow packet does not double the retransmission interval.
            peer.Observe(roundTrip);
            if (peer.Reachability == PeerReachability.Unknown && roundTrip < peer.QualifyMax)
            {
                peers.SetReachability(peer, PeerReachability.Reachable);
            }
        }

        public void Failed(DundiTransaction transaction, string reason) => Response.TrySetResult(PeerAnswer.Failed(reason));
    }
}
