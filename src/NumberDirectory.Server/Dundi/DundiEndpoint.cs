using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// The node's DUNDi UDP socket and its transactions: decodes each datagram, matches it to a
/// transaction or opens one, answers INVALID to what matches nothing (never to an INVALID, and
/// never ACKs an ACK), and counts what it cannot decode. Nothing a peer sends can throw out of here.
/// Untrusted input costs nothing that lasts: a packet that cannot open a transaction leaves no state,
/// a transaction that is not authenticated once its opening packet is handled is forgotten, every
/// transaction has a deadline, the transactions sources open are capped globally and per source
/// address, and what an unauthenticated source gets back is rate-limited and never larger than
/// what it sent.
/// </summary>
/// <remarks>docs/protocols/dundi.md §Transactions (which commands may open one; INVALID rules), §Source addresses, §Reliability and §Untrusted sources.</remarks>
internal sealed partial class DundiEndpoint : IDisposable
{
    public const string Door = "dundi";

    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;
    private readonly TimeSpan _retransmitInterval;
    private readonly int _maxSends;
    private readonly TimeProvider _time;
    private readonly NodeMetrics _metrics;
    private readonly ILogger<DundiEndpoint> _logger;
    private readonly ConcurrentDictionary<ushort, DundiTransaction> _byOurId = new();
    private readonly ConcurrentDictionary<(IPEndPoint Remote, ushort TheirId), DundiTransaction> _byTheirId = new();
    private readonly ConcurrentDictionary<IPAddress, int> _openedBySource = new();
    private readonly ITimer _sweep;
    private readonly DundiTransactionIds _ids = new();
    private int _opened;

    public DundiEndpoint(IPEndPoint listen, TimeSpan retransmitInterval, int maxSends, TimeProvider time, NodeMetrics metrics, ILogger<DundiEndpoint> logger)
    {
        _retransmitInterval = retransmitInterval;
        _maxSends = maxSends;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _socket = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (listen.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = listen.Address.Equals(IPAddress.IPv6Any);
        }

        _socket.Bind(listen);
        LocalEndpoint = (IPEndPoint)_socket.LocalEndPoint!;
        _sweep = time.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
        // Disarmed until a packet awaits its ACK: an idle door wakes nobody 100 times a second.
        _resendTick = time.CreateTimer(_ => Resend(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        metrics.DundiTransactions = () => TransactionCount;
    }

    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    // The granularity of retransmission and autokill: a fifth of the shortest interval allowed
    // (Dundi:RetransmitMinMs, 50 ms by default and never under 10).
    private static readonly TimeSpan ResendInterval = TimeSpan.FromMilliseconds(10);

    private readonly ITimer _resendTick;
    private readonly ConcurrentDictionary<DundiTransaction, byte> _resending = new();
    private readonly Lock _resendGate = new();
    private bool _resendArmed;
    private int _resendRunning;

    /// <summary>True while the resend tick runs: some packet of ours awaits its ACK (for tests).</summary>
    internal bool ResendTickArmed => Volatile.Read(ref _resendArmed);

    /// <summary>The receive buffer the kernel granted the socket, as it reports it (Linux: twice what was set).</summary>
    public int ReceiveBufferBytes => _socket.ReceiveBufferSize;

    /// <summary>The bound address (the real port when configured with port 0).</summary>
    public IPEndPoint LocalEndpoint { get; }

    /// <summary>Encrypts and decrypts for peers that have keys.</summary>
    public DundiCipher? Cipher { get; init; }

    /// <summary>
    /// Give up a transaction of ours whose packet is not acknowledged within this time, even with sends
    /// left (Asterisk's <c>autokill</c>); null: only the send count limits it.
    /// </summary>
    public TimeSpan? AutoKill { get; set; }

    /// <summary>
    /// How long after its first send an unacknowledged packet is given up once its sends are spent
    /// (the sends at the longest interval: Asterisk's 5 × 1 s by default).
    /// </summary>
    public TimeSpan GiveUpAfter { get; set; }

    /// <summary>Which source addresses may reach the DUNDi door at all (null: everyone).</summary>
    public Func<IPAddress, bool>? AllowedSources { get; set; }

    /// <summary>
    /// The longest any transaction may live, whatever happens to it: past it the transaction is given
    /// up and its id released (the backstop behind every other timer).
    /// </summary>
    public TimeSpan TransactionLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most transactions that sources may have open at once (ours are not counted).</summary>
    public int MaxTransactions { get; set; } = 8192;

    /// <summary>Most transactions one source address may have open at once.</summary>
    public int MaxTransactionsPerSource { get; set; } = 512;

    /// <summary>Paces the replies unauthenticated sources get, per source address.</summary>
    public DundiReplyLimiter? ReplyLimiter { get; set; }

    /// <summary>Transactions sources have open now (ours not counted, nor closed ones lingering).</summary>
    public int OpenedTransactionCount => Volatile.Read(ref _opened);

    /// <summary>Who handles transactions a peer opens.</summary>
    public IDundiTransactionOwner? Responder { get; set; }

    /// <summary>Live transactions (lingering closed ones included).</summary>
    public int TransactionCount => _byOurId.Count;

    /// <summary>Datagrams sent so far, for tests and metrics.</summary>
    public long DatagramsSent => Interlocked.Read(ref _sent);

    private long _sent;

    /// <summary>Observes every datagram sent (tests assert what went to whom).</summary>
    public event Action<IPEndPoint, DundiMessage>? Sent;

    /// <summary>Observes every well-formed datagram received, before it is handled.</summary>
    public event Action<IPEndPoint, DundiMessage>? Received;

    /// <summary>True while <see cref="RunAsync"/> is receiving (for <c>/health</c>).</summary>
    public bool Receiving => Volatile.Read(ref _receiving) == 1;

    private int _receiving;

    /// <summary>Receives until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _receiving, 1);
        try
        {
            await ReceiveAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _receiving, 0);
        }
    }

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(DundiCodec.MaxDatagramLength + 1);
        EndPoint any = new IPEndPoint(LocalEndpoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // ICMP port-unreachable from an earlier send surfaces here on some stacks; keep going.
                LogReceiveError(ex.SocketErrorCode);
                continue;
            }

            var remote = Normalize((IPEndPoint)received.RemoteEndPoint);
            Dispatch(buffer.AsSpan(0, received.ReceivedBytes), remote);
            Drain(buffer, ref any);
        }
    }

    /// <summary>
    /// Handles what is already queued on the socket without going back through the asynchronous
    /// receive for each packet: under a burst, one wake-up serves up to a batch of datagrams.
    /// </summary>
    private void Drain(byte[] buffer, ref EndPoint any)
    {
        for (var batch = 0; batch < DrainBatch; batch++)
        {
            int length;
            try
            {
                if (_socket.Available == 0)
                {
                    return;
                }

                length = _socket.ReceiveFrom(buffer, SocketFlags.None, ref any);
            }
            catch (SocketException ex)
            {
                LogReceiveError(ex.SocketErrorCode);
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            Dispatch(buffer.AsSpan(0, length), Normalize((IPEndPoint)any));
        }
    }

    private const int DrainBatch = 64;

    /// <summary>
    /// Asks the kernel for <paramref name="bytes"/> of receive and send buffer and logs what it
    /// granted: a burst of queries larger than the receive buffer is dropped before the node sees it.
    /// </summary>
    public void SizeSocketBuffers(int bytes)
    {
        try
        {
            _socket.ReceiveBufferSize = bytes;
            _socket.SendBufferSize = bytes;
        }
        catch (SocketException ex)
        {
            LogBufferRefused(bytes, ex.SocketErrorCode);
        }

        // Linux reports twice what it keeps for itself, capped by net.core.rmem_max and wmem_max.
        LogBuffers(bytes, _socket.ReceiveBufferSize, _socket.SendBufferSize);
    }

    /// <summary>
    /// Opens a transaction of ours with <paramref name="peer"/> at <paramref name="remote"/>; it is
    /// encrypted when that peer — chosen by its EID, never by its address, which two peers (or a
    /// dynamic peer's registration) may share — has a key.
    /// </summary>
    public DundiTransaction Open(NodeId peer, IPEndPoint remote, IDundiTransactionOwner owner, TimeSpan retransmitInterval, int maxSends)
    {
        var address = Normalize(remote);
        var transaction = Register(id => new DundiTransaction(this, _time, id, 0, address, owner, retransmitInterval, maxSends)
        {
            Cipher = Cipher,
            EncryptedPeer = Cipher?.EncryptedPeer(peer),
            AutoKill = AutoKill,
            GiveUpAfter = GiveUpAfter,
            Deadline = DeadlineFromNow(),
        });
        transaction.Authenticate();
        return transaction;
    }

    /// <summary>
    /// Gives a new transaction a random id unique among our live ones (docs/protocols/dundi.md §Header). A closed
    /// transaction only lingers to re-ACK late duplicates, so its id may be taken back: under load the
    /// 15-bit id space must not run out because of transactions that are already over.
    /// </summary>
    private DundiTransaction Register(Func<ushort, DundiTransaction> create)
    {
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var id = _ids.Next();
            var transaction = create(id);
            if (_byOurId.TryAdd(id, transaction))
            {
                return transaction;
            }

            if (_byOurId.TryGetValue(id, out var existing) && existing.IsClosed && _byOurId.TryUpdate(id, transaction, existing))
            {
                Forget(existing);
                return transaction;
            }
        }

        throw new InvalidOperationException("no free DUNDi transaction id: over 32,000 transactions are open at once");
    }

    public void SendDatagram(byte[] datagram, IPEndPoint remote)
    {
        // Counted before the send: whoever receives the packet finds it counted already.
        _metrics.Dundi.Sent(datagram);
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
            Interlocked.Increment(ref _sent);
            if (Sent is { } observers && DundiCodec.TryDecode(datagram, out var message, out _))
            {
                observers(remote, message);
            }
        }
        catch (SocketException ex)
        {
            LogSendError(remote, ex.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            // Shutting down.
        }
    }

    /// <summary>
    /// A closed transaction of a peer stays matchable a little longer so duplicates get their ACK
    /// again; one of an unauthenticated source is forgotten at once.
    /// </summary>
    public void Retire(DundiTransaction transaction)
    {
        // Closed is no longer open: a lingering transaction only re-ACKs duplicates, and must not
        // count against the caps (a busy peer leaves thousands of them behind every few seconds).
        ReleaseSlot(transaction);
        if (!transaction.Authenticated)
        {
            Remove(transaction);
            return;
        }

        // No timer of its own: thousands of transactions close every second under load, and a timer
        // each kept every one of them (and the runtime's timer queue) busy for the whole linger. The
        // once-a-second sweep forgets it, so it lingers between 5 and 6 seconds.
        transaction.LingerUntil = _time.GetTimestamp() + (long)(Linger.TotalSeconds * _time.TimestampFrequency);
    }

    /// <summary>
    /// Sends the one reply of an unauthenticated transaction (<see cref="DundiTransaction.ReplyOnce"/>)
    /// unless it would be larger than the packet that opened it or the source is over its share, and
    /// forgets the transaction.
    /// </summary>
    public void ReplyUnauthenticated(DundiTransaction transaction, byte[] reply)
    {
        Remove(transaction);
        if (reply.Length > transaction.OpeningLength)
        {
            _metrics.DundiRefused(DundiRefusal.ReplyLargerThanQuery);
            return;
        }

        if (ReplyLimiter is { } limiter && !limiter.TryTake(transaction.Remote.Address))
        {
            _metrics.DundiRefused(DundiRefusal.ReplyRateLimited);
            return;
        }

        SendDatagram(reply, transaction.Remote);
    }

    /// <summary>Puts a transaction with a packet waiting for its ACK on the resend tick's list.</summary>
    public void ScheduleResend(DundiTransaction transaction)
    {
        if (!_resending.TryAdd(transaction, 0))
        {
            return;
        }

        // Paired with the barrier in DisarmResendIfIdle: either this sees the tick disarmed and arms
        // it, or the tick sees this transaction and stays armed; never both miss.
        Interlocked.MemoryBarrier();
        if (!Volatile.Read(ref _resendArmed))
        {
            lock (_resendGate)
            {
                if (!_resendArmed)
                {
                    Volatile.Write(ref _resendArmed, true);
                    try
                    {
                        _resendTick.Change(ResendInterval, ResendInterval);
                    }
                    catch (ObjectDisposedException)
                    {
                        // Shutting down: nothing is resent any more.
                    }
                }
            }
        }
    }

    /// <summary>Stops the resend tick once nothing awaits an ACK; it is armed again by the next <see cref="ScheduleResend"/>.</summary>
    private void DisarmResendIfIdle()
    {
        lock (_resendGate)
        {
            Volatile.Write(ref _resendArmed, false);
            Interlocked.MemoryBarrier();
            if (!_resending.IsEmpty)
            {
                Volatile.Write(ref _resendArmed, true);
                return;
            }

            _resendTick.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Takes a transaction with nothing outstanding off the resend tick's list.</summary>
    public void UnscheduleResend(DundiTransaction transaction) => _resending.TryRemove(transaction, out _);

    /// <summary>
    /// One timer for every transaction's retransmissions: a timer each cost more than a local answer
    /// and crowded the runtime's timer queue (docs/protocols/dundi.md §Performance).
    /// </summary>
    private void Resend()
    {
        // A tick that overruns the next is not run twice at once.
        if (Interlocked.Exchange(ref _resendRunning, 1) == 1)
        {
            return;
        }

        try
        {
            var now = _time.GetTimestamp();
            foreach (var (transaction, _) in _resending)
            {
                transaction.Tick(now);
            }

            if (_resending.IsEmpty)
            {
                DisarmResendIfIdle();
            }
        }
        catch (ObjectDisposedException)
        {
            // The timer was disposed with the endpoint while this tick ran.
        }
        finally
        {
            Volatile.Write(ref _resendRunning, 0);
        }
    }

    public void Dispose()
    {
        _resendTick.Dispose();
        _sweep.Dispose();
        _socket.Dispose();
    }

    private void Remove(DundiTransaction transaction)
    {
        if (_byOurId.TryRemove(KeyValuePair.Create(transaction.OurId, transaction)))
        {
            Forget(transaction);
        }
    }

    private void Forget(DundiTransaction transaction)
    {
        if (transaction.OpenedBy is { } key)
        {
            _byTheirId.TryRemove(KeyValuePair.Create(key, transaction));
            ReleaseSlot(transaction);
        }
    }

    private long DeadlineFromNow() => _time.GetTimestamp() + (long)(TransactionLifetime.TotalSeconds * _time.TimestampFrequency);

    /// <summary>Forgets closed transactions whose linger is over and gives up every transaction past its deadline.</summary>
    private void Sweep()
    {
        var now = _time.GetTimestamp();

        // The dictionary's own enumerator: no snapshot of a table that may hold tens of thousands.
        foreach (var (_, transaction) in _byOurId)
        {
            if (transaction.LingerUntil <= now)
            {
                Remove(transaction);
            }
            else if (transaction.Deadline <= now)
            {
                transaction.Expire();
                Remove(transaction);
            }
        }
    }

    /// <summary>Handles one datagram as if <paramref name="remote"/> had sent it: what the receive loop does with each.</summary>
    internal void Dispatch(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        // Not even an INVALID to a sender we do not talk to: no reflection, no information.
        if (AllowedSources is { } allowed && !allowed(remote.Address))
        {
            _metrics.DundiRefused(DundiRefusal.ClientNotAllowed);
            return;
        }

        if (!DundiCodec.TryDecode(datagram, out var message, out var error))
        {
            _metrics.DundiMalformed(error);
            return;
        }

        _metrics.Dundi.Received(message.Command);

        try
        {
            Received?.Invoke(remote, message);
            Route(message, remote, datagram.Length);
        }
#pragma warning disable CA1031 // A bug in handling one packet must not stop the listener for every peer.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _metrics.DundiRefused(DundiRefusal.HandlerError);
            LogHandlerError(ex, remote, message.Command);
        }
    }

    private void Route(DundiMessage message, IPEndPoint remote, int length)
    {
        if (message.DestinationTransaction != 0)
        {
            if (_byOurId.TryGetValue(message.DestinationTransaction, out var mine) && mine.Remote.Equals(remote))
            {
                Deliver(mine, message);
                return;
            }

            ReplyInvalid(message, remote);
            return;
        }

        var key = (remote, message.SourceTransactionId);
        if (_byTheirId.TryGetValue(key, out var known))
        {
            // A finished transaction lingers for late duplicates; a peer that has our FINAL and opens
            // a new transaction with the same random id starts afresh.
            if (!known.IsClosed || !CanOpen(message))
            {
                Deliver(known, message);
                return;
            }

            Remove(known);
        }

        if (!CanOpen(message) || Responder is null)
        {
            ReplyInvalid(message, remote);
            return;
        }

        // The first packet of a transaction is numbered 0 and acknowledges nothing; any other is no
        // opening at all and would hold a transaction nothing ever moves on.
        if (message.OutboundSequence != 0 || message.InboundSequence != 0)
        {
            _metrics.DundiRefused(DundiRefusal.BadOpeningSequence);
            return;
        }

        if (!Admit(remote.Address))
        {
            return;
        }

        DundiTransaction opened;
        try
        {
            opened = Register(id => new DundiTransaction(this, _time, id, message.SourceTransactionId, remote, Responder, _retransmitInterval, _maxSends)
            {
                OpenedBy = key,
                Cipher = Cipher,
                GiveUpAfter = GiveUpAfter,
                OpeningLength = length,
                Deadline = DeadlineFromNow(),
            });
        }
        catch
        {
            Release(remote.Address);
            throw;
        }

        _byTheirId[key] = opened;
        try
        {
            opened.Receive(Cipher?.Accept(opened, message) ?? message);
        }
        finally
        {
            // Whatever the owner did with it, a source it could not tell for a peer keeps nothing.
            if (!opened.Authenticated)
            {
                opened.Abandon();
                Remove(opened);
            }
        }
    }

    /// <summary>Counts a transaction a source opens against the global and per-source caps; false (counted) when over either.</summary>
    private bool Admit(IPAddress source)
    {
        if (Interlocked.Increment(ref _opened) > MaxTransactions)
        {
            Interlocked.Decrement(ref _opened);
            _metrics.DundiRefused(DundiRefusal.TooManyTransactions);
            return false;
        }

        if (_openedBySource.AddOrUpdate(source, 1, (_, n) => n + 1) > MaxTransactionsPerSource)
        {
            Release(source);
            _metrics.DundiRefused(DundiRefusal.TooManyTransactionsFromSource);
            return false;
        }

        return true;
    }

    private void ReleaseSlot(DundiTransaction transaction)
    {
        if (transaction.OpenedBy is { } key && transaction.TakeSlot())
        {
            Release(key.Remote.Address);
        }
    }

    private void Release(IPAddress source)
    {
        Interlocked.Decrement(ref _opened);
        _openedBySource.AddOrUpdate(source, 0, (_, n) => n - 1);
        _openedBySource.TryRemove(KeyValuePair.Create(source, 0));
    }

    private void Deliver(DundiTransaction transaction, DundiMessage message)
    {
        if ((Cipher is null ? message : Cipher.Inbound(transaction, message)) is { } inner)
        {
            transaction.Receive(inner);
        }
    }

    private static bool CanOpen(DundiMessage message) =>
        message.SourceTransactionId != 0
        && message.Command is DundiCommand.DpDiscover or DundiCommand.EidQuery or DundiCommand.PrecacheRequest
            or DundiCommand.RegisterRequest or DundiCommand.Null or DundiCommand.Encrypt;

    private void ReplyInvalid(DundiMessage message, IPEndPoint remote)
    {
        // Two implementations that answer INVALID with INVALID would loop forever.
        if (message.Command == DundiCommand.Invalid)
        {
            return;
        }

        _metrics.DundiRefused(DundiRefusal.NoTransaction);

        // An INVALID goes to whoever the source address claims to be: paced like any reply to a
        // source we cannot authenticate, and never larger than what came in (both are headers).
        if (ReplyLimiter is { } limiter && !limiter.TryTake(remote.Address))
        {
            _metrics.DundiRefused(DundiRefusal.ReplyRateLimited);
            return;
        }

        var invalid = new DundiMessage
        {
            SourceTransaction = message.DestinationTransaction,
            DestinationTransaction = message.SourceTransactionId,
            InboundSequence = message.OutboundSequence,
            OutboundSequence = message.InboundSequence,
            Command = DundiCommand.Invalid,
        };
        SendDatagram(DundiCodec.Encode(invalid), remote);
    }

    private static IPEndPoint Normalize(IPEndPoint endpoint) =>
        endpoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endpoint.Address.MapToIPv4(), endpoint.Port) : endpoint;

    [LoggerMessage(Level = LogLevel.Information, Message = "DUNDi socket buffers: {Requested} bytes asked, {Receive} receive and {Send} send granted (net.core.rmem_max and wmem_max cap what the kernel grants)")]
    private partial void LogBuffers(int requested, int receive, int send);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DUNDi socket buffers of {Requested} bytes refused: {Error}")]
    private partial void LogBufferRefused(int requested, SocketError error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "DUNDi receive error {Error}")]
    private partial void LogReceiveError(SocketError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DUNDi send to {Remote} failed: {Error}")]
    private partial void LogSendError(IPEndPoint remote, SocketError error);

    [LoggerMessage(Level = LogLevel.Error, Message = "DUNDi: error handling {Command} from {Remote}")]
    private partial void LogHandlerError(Exception exception, IPEndPoint remote, DundiCommand command);
}
