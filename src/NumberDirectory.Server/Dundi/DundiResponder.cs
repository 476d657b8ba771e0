using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// Answers what peers ask: DPDISCOVER through the lookup pipeline, EIDQUERY with our contact
/// details, NULL, CANCEL, REGREQ from dynamic peers and PRECACHERQ pushes into the cache. Every
/// query is authorised by the sender's EID, its source address and the context.
/// </summary>
/// <remarks>
/// docs/protocols/dundi.md §Inbound authorisation, §Answers, §Duplicates, §Registration and §Precache;
/// docs/architecture.md §Duplicate queries.
/// </remarks>
internal sealed partial class DundiResponder(
    NodeIdentity identity,
    DundiPeerTable peers,
    ILookupPipeline pipeline,
    RangeTable ranges,
    LookupCache cache,
    IOptions<DundiOptions> dundiOptions,
    IOptions<LookupOptions> lookupOptions,
    TimeProvider time,
    NodeMetrics metrics,
    LookupWatch watch,
    ILogger<DundiResponder> logger) : IDundiTransactionOwner, IAsyncDisposable
{
    public const string UnsupportedContext = "Unsupported DUNDI Context";
    public const string PermissionDenied = "Permission to context denied";
    public const string BadNumber = "Invalid or missing number/entity";
    public const string DuplicatePending = "Duplicate Request Pending";
    public const string WrongAddress = "Source address does not match this peer";
    public const string PeerBusy = "Too many queries in flight";
    public const string NotRegistered = "Dynamic peer not registered";

    private static readonly TimeSpan RegistrationLifetime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RegistrationGrace = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<DundiTransaction, Running> _running = new();
    private readonly ConcurrentDictionary<(string Context, string Digits, NodeId Root), DundiTransaction> _inFlight = new();
    private readonly ConcurrentDictionary<(string Context, string Digits, NodeId Root), (NodeId Sender, DateTimeOffset Until)> _recent = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _stopped;

    /// <summary>Answered queries remembered for ring detection now.</summary>
    public int RecentCount => _recent.Count;
    private DateTimeOffset _nextSweep;

    public void Received(DundiTransaction transaction, DundiMessage message)
    {
        switch (message.Command)
        {
            case DundiCommand.DpDiscover:
                Discover(transaction, message);
                break;
            case DundiCommand.EidQuery:
                AnswerEidQuery(transaction, message);
                break;
            case DundiCommand.Null when !message.IsFinal:
                // A keep-alive that expects an answer: Asterisk closes it with CANCEL|FINAL.
                if (peers.All.Any(p => FromPeerAddress(transaction, p)))
                {
                    transaction.Authenticate();
                    transaction.Send(DundiCommand.Cancel, [], final: true);
                }
                else
                {
                    transaction.ReplyOnce(DundiCommand.Cancel, []);
                }

                break;
            case DundiCommand.Null:
                break;
            case DundiCommand.Cancel:
                if (_running.TryRemove(transaction, out var running))
                {
                    running.Cancel();
                }

                break;
            case DundiCommand.RegisterRequest:
                Register(transaction, message);
                break;
            case DundiCommand.PrecacheRequest:
                AcceptPrecache(transaction, message);
                break;
            case DundiCommand.Encrypt:
                // Still encrypted: the cipher could not open it (unknown sender or key, bad signature),
                // so nothing says who sent it.
                transaction.ReplyOnce(DundiCommand.EncryptReject, []);
                break;
            case DundiCommand.Ack:
                break;
            default:
                metrics.DundiRefused(DundiRefusal.UnknownCommand);

                // Only an ENCRYPT opens to a command no transaction may start with, and nothing in it says
                // who sent it: one reply, the ACK folded in, as to any source not authenticated.
                if (transaction.Authenticated)
                {
                    transaction.Send(DundiCommand.Unknown, [DundiElement.UnknownCommand((byte)message.Command)], final: message.OutboundSequence == 0);
                }
                else
                {
                    transaction.ReplyOnce(DundiCommand.Unknown, [DundiElement.UnknownCommand((byte)message.Command)]);
                }

                break;
        }
    }

    public void Acknowledged(DundiTransaction transaction, TimeSpan roundTrip)
    {
    }

    public void Failed(DundiTransaction transaction, string reason)
    {
        if (_running.TryRemove(transaction, out var running))
        {
            running.Cancel();
        }
    }

    /// <summary>Cancels the lookups still running for peers and waits for them.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_running.Values.Select(r => r.Task)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void Discover(DundiTransaction transaction, DundiMessage message)
    {
        var started = time.GetTimestamp();
        if (!Authorize(transaction, message, out var peer, out var refusal))
        {
            Refuse(transaction, DundiCommand.DpResponse, refusal);
            return;
        }

        if (!DialNumber.TryParse(message.CalledNumber, out var number, out _))
        {
            Refuse(transaction, DundiCommand.DpResponse, new DundiCause(DundiCauseCode.General, BadNumber));
            return;
        }

        var context = message.CalledContext;
        var path = message.Eids;
        if (path.Length > 1 && path[0] == path[^1])
        {
            path = path[1..];
        }

        var root = path.IsEmpty ? peer.Id : path[^1];
        var key = (context, number.Digits, root);
        if (!_inFlight.TryAdd(key, transaction) || AnsweredForAnotherSender(key, peer.Id, TimeSpan.FromMilliseconds(lookupOptions.Value.MaxTimeoutMs)))
        {
            _inFlight.TryRemove(KeyValuePair.Create(key, transaction));
            Refuse(transaction, DundiCommand.DpResponse, new DundiCause(DundiCauseCode.Duplicate, DuplicatePending));
            return;
        }

        if (!peer.TryBeginLookup(dundiOptions.Value.MaxQueriesPerPeer))
        {
            _inFlight.TryRemove(KeyValuePair.Create(key, transaction));
            metrics.DundiRefused(DundiRefusal.PeerBusy);
            Refuse(transaction, DundiCommand.DpResponse, new DundiCause(DundiCauseCode.General, PeerBusy));
            return;
        }

        var ttl = message.Ttl ?? 0;
        var dundi = dundiOptions.Value;
        var budget = Math.Min(dundi.BudgetBaseMs + (dundi.BudgetPerHopMs * ttl), lookupOptions.Value.MaxTimeoutMs);
        var request = new LookupRequest(number, context, ttl, path, time.GetUtcNow() + TimeSpan.FromMilliseconds(budget))
        {
            BypassCache = message.CacheBypass,
            IncludePartialMatches = true,
        };
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var running = new Running(cancel);
        _running[transaction] = running;
        running.Task = AnswerAsync(transaction, peer, request, key, started, cancel.Token);
    }

    private async Task AnswerAsync(DundiTransaction transaction, DundiPeer peer, LookupRequest request, (string, string, NodeId) key, long started, CancellationToken cancellationToken)
    {
        try
        {
            var result = await pipeline.LookupAsync(request, cancellationToken).ConfigureAwait(false);
            metrics.Lookup(DundiEndpoint.Door, result.Status, time.GetElapsedTime(started));
            if (watch.Watched)
            {
                watch.Report(DundiEndpoint.Door, peer.Id.ToString(), request.Number.ToString(), request.Context, result, time.GetElapsedTime(started));
            }
            if (_running.TryRemove(transaction, out var running))
            {
                running.Dispose();
                transaction.Send(DundiCommand.DpResponse, Response(request, result), final: true);
            }
        }
        catch (OperationCanceledException)
        {
            // The asker cancelled (or we are stopping): never send the answer.
        }
        finally
        {
            _inFlight.TryRemove(KeyValuePair.Create(key, transaction));
            peer.EndLookup();
        }
    }

    // The same query reaching us again through another neighbour (a ring) shortly after we answered
    // it is the same loop as one still in flight: answering it again would only fan it out again.
    private bool AnsweredForAnotherSender((string, string, NodeId) key, NodeId sender, TimeSpan budget)
    {
        var now = time.GetUtcNow();
        if (_recent.TryGetValue(key, out var seen) && seen.Until > now && seen.Sender != sender)
        {
            return true;
        }

        // Remembered for as long as the root's own lookup may run: a loop comes back within that.
        if (now >= _nextSweep)
        {
            _nextSweep = now + TimeSpan.FromSeconds(1);
            foreach (var stale in _recent.Where(r => r.Value.Until <= now).Select(r => r.Key).ToList())
            {
                _recent.TryRemove(stale, out _);
            }
        }

        // Full of queries still within their budget: this one goes unremembered rather than the
        // table growing (or being swept on every packet); a ring through it is still caught while
        // it is in flight.
        if (_recent.Count < dundiOptions.Value.MaxRecentQueries)
        {
            _recent[key] = (sender, now + budget);
        }

        return false;
    }

    internal ImmutableArray<DundiElement> Response(LookupRequest request, LookupResult result)
    {
        var local = TimeSpan.FromSeconds(lookupOptions.Value.LocalAnswerTtlSeconds);
        var negative = TimeSpan.FromSeconds(lookupOptions.Value.NegativeTtlSeconds);

        // Sized for the answers, a HINT and an EXPIRATION: one element array per answer, no regrowth.
        var answers = result.Status == LookupStatus.Found ? DundiAnswerMapping.Answers(result.Routes) : [];
        var elements = ImmutableArray.CreateBuilder<DundiElement>(answers.Length + 2);
        switch (result.Status)
        {
            case LookupStatus.Found:
                elements.AddRange(answers);
                var authoritative = true;
                foreach (var route in result.Routes)
                {
                    authoritative &= route.AnsweredBy == identity.Id;
                }

                elements.Add(DundiElement.Hint(new DundiHint(authoritative && !result.Partial ? LookupHintKind.Unaffected : LookupHintKind.None, string.Empty)));
                var lifetime = Min(result.Ttl, local);
                elements.Add(DundiElement.Expiration(DundiAnswerMapping.Seconds(result.Partial ? Min(lifetime, negative) : lifetime)));
                break;
            case LookupStatus.NotFound:
                if (NegativeHint(request, result) is { } hint)
                {
                    elements.Add(DundiElement.Hint(hint));
                }

                elements.Add(DundiElement.Expiration(DundiAnswerMapping.Seconds(Min(result.Ttl, negative))));
                break;
            case LookupStatus.Loop:
                if (result.Hints.FirstOrDefault(h => h.Kind.HasFlag(LookupHintKind.TtlExpired)) is { } expired)
                {
                    elements.Add(DundiElement.Hint(new DundiHint(LookupHintKind.TtlExpired, expired.Prefix)));
                }

                elements.Add(DundiElement.Expiration(DundiAnswerMapping.Seconds(negative)));
                break;
            default:
                // Failed: nothing trustworthy, so nothing for the asker to cache.
                elements.Add(DundiElement.Expiration(0));
                break;
        }

        return elements.Count == elements.Capacity ? elements.MoveToImmutable() : elements.ToImmutable();
    }

    private DundiHint? NegativeHint(LookupRequest request, LookupResult result)
    {
        var match = ranges.Find(request.Context, request.Number);
        var local = DundiAnswerMapping.LocalDeadPrefix(request.Number, match?.DeadPrefixLength ?? 0);
        var remote = result.Hints.FirstOrDefault(h => h.Kind.HasFlag(LookupHintKind.DontAsk));

        // Without the peers' word (some could not be asked) a "not found" says nothing about prefixes.
        return remote is null
            ? null
            : new DundiHint(LookupHintKind.DontAsk | (remote.Kind & LookupHintKind.Unaffected), DundiAnswerMapping.LongerPrefix(local, remote.Prefix));
    }

    private void AnswerEidQuery(DundiTransaction transaction, DundiMessage message)
    {
        if (message.FirstEid is not { } sender || !peers.TryGet(sender, out var peer) || !FromPeerAddress(transaction, peer))
        {
            Refuse(transaction, DundiCommand.EidResponse, new DundiCause(DundiCauseCode.NoAuth, string.Empty));
            return;
        }

        transaction.Authenticate();

        if (message.RequestedEid != identity.Id)
        {
            // Relaying EIDQUERY to other nodes is not supported.
            Refuse(transaction, DundiCommand.EidResponse, new DundiCause(DundiCauseCode.General, BadNumber));
            return;
        }

        var contact = dundiOptions.Value.Contact;
        transaction.Send(
            DundiCommand.EidResponse,
            [
                DundiElement.Department(contact.Department), DundiElement.Organization(contact.Organization),
                DundiElement.Locality(contact.Locality), DundiElement.StateProvince(contact.StateProvince),
                DundiElement.Country(contact.Country), DundiElement.Email(contact.Email), DundiElement.Phone(contact.Phone),
                DundiElement.Hint(new DundiHint(LookupHintKind.None, string.Empty)),
            ],
            final: true);
    }

    private void Register(DundiTransaction transaction, DundiMessage message)
    {
        if (message.FirstEid is not { } sender || !peers.TryGet(sender, out var peer) || peer.StaticAddress is not null)
        {
            metrics.DundiRefused(DundiRefusal.RegisterRefused);
            Refuse(transaction, DundiCommand.RegisterResponse, new DundiCause(DundiCauseCode.NoAuth, string.Empty));
            return;
        }

        transaction.Authenticate();
        var previous = peer.RegisteredAddress;
        peers.Register(peer, transaction.Remote, time.GetUtcNow() + RegistrationLifetime + RegistrationGrace);
        if (!transaction.Remote.Equals(previous))
        {
            LogRegistered(peer.Id, transaction.Remote);
        }

        transaction.Send(DundiCommand.RegisterResponse, [DundiElement.Expiration((ushort)RegistrationLifetime.TotalSeconds)], final: true);
    }

    private void AcceptPrecache(DundiTransaction transaction, DundiMessage message)
    {
        var context = message.CalledContext;
        if (message.FirstEid is not { } sender || !peers.TryGet(sender, out var peer) || !FromPeerAddress(transaction, peer) || !peer.CanAsk(context))
        {
            Refuse(transaction, DundiCommand.PrecacheResponse, new DundiCause(DundiCauseCode.NoAuth, string.Empty));
            return;
        }

        transaction.Authenticate();

        // Asterisk also pushes dialplan patterns as "numbers"; those are acknowledged, not cached.
        if (DialNumber.TryParse(message.CalledNumber, out var number, out _))
        {
            var answer = DundiAnswerMapping.ToPeerAnswer(message);
            if (answer.Routes.Length > 0)
            {
                cache.Store(new CacheKey(context, number.Digits), LookupResult.Found(answer.Routes));
            }
        }

        transaction.Send(DundiCommand.PrecacheResponse, [], final: true);
    }

    private bool Authorize(DundiTransaction transaction, DundiMessage message, out DundiPeer peer, out DundiCause refusal)
    {
        refusal = new DundiCause(DundiCauseCode.NoAuth, string.Empty);
        if (message.FirstEid is not { } sender || !peers.TryGet(sender, out peer!))
        {
            peer = null!;
            metrics.DundiRefused(DundiRefusal.UnknownEid);
            return false;
        }

        if (peer.StaticAddress is null && peer.RegisteredAddress is null)
        {
            // A dynamic peer is known by where it registered from; without a live registration
            // nothing says the sender is that peer.
            metrics.DundiRefused(DundiRefusal.UnregisteredPeer);
            refusal = new DundiCause(DundiCauseCode.NoAuth, NotRegistered);
            return false;
        }

        if (!FromPeerAddress(transaction, peer))
        {
            metrics.DundiRefused(DundiRefusal.AddressMismatch);
            refusal = new DundiCause(DundiCauseCode.NoAuth, WrongAddress);
            return false;
        }

        // The peer's EID from the peer's address (and, for a keyed peer, opened with its key): what
        // follows — a refusal of the context included — is a conversation with a peer.
        transaction.Authenticate();

        var context = message.CalledContext;
        if (!peer.MayAsk(context))
        {
            metrics.DundiRefused(DundiRefusal.ContextDenied);
            refusal = new DundiCause(DundiCauseCode.NoAuth, PermissionDenied);
            return false;
        }

        if (!peers.Serves(context) && !ranges.Contexts.Contains(context))
        {
            refusal = new DundiCause(DundiCauseCode.NoAuth, UnsupportedContext);
            return false;
        }

        return true;
    }

    // Better than Asterisk, which trusts the EID alone: a static peer must send from its address, a
    // dynamic one from where it registered (and an unregistered one is nobody yet).
    private static bool FromPeerAddress(DundiTransaction transaction, DundiPeer peer) =>
        (peer.StaticAddress ?? peer.RegisteredAddress) is { } expected && expected.Address.Equals(transaction.Remote.Address);

    // A peer's refusal is retransmitted until acknowledged; anyone else gets it once, if at all.
    private static void Refuse(DundiTransaction transaction, DundiCommand response, DundiCause cause)
    {
        if (transaction.Authenticated)
        {
            transaction.Send(response, [DundiElement.Cause(cause)], final: true);
        }
        else
        {
            transaction.ReplyOnce(response, [DundiElement.Cause(cause)]);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Dynamic peer {Peer} registered from {Address}")]
    private partial void LogRegistered(NodeId peer, System.Net.IPEndPoint address);

    private sealed class Running(CancellationTokenSource cancel) : IDisposable
    {
        public Task Task { get; set; } = Task.CompletedTask;

        public void Cancel()
        {
            try
            {
                cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public void Dispose() => cancel.Dispose();
    }
}
