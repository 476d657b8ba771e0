using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// The node's DUNDi UDP socket and its transactions: decodes each datagram, matches it to a
/// transaction or opens one, answers INVALID to what matches nothing (never to an INVALID, and
/// never ACKs an ACK), and counts what it cannot decode. Nothing a peer sends can throw out of here.
/// </summary>
/// <remarks>specs/dundi.md §Commands ("Only DPDISCOVER, EIDQUERY, PRECACHERQ, REGREQ, NULL and ENCRYPT … may open a transaction") and §Reliability.</remarks>
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
    }

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
        }
    }

    /// <summary>Opens a transaction of ours towards <paramref name="remote"/>.</summary>
    public DundiTransaction Open(IPEndPoint remote, IDundiTransactionOwner owner, TimeSpan retransmitInterval, int maxSends)
    {
        var peer = Normalize(remote);
        return Register(id => new DundiTransaction(this, _time, id, 0, peer, owner, retransmitInterval, maxSends)
        {
            Cipher = Cipher,
            EncryptedPeer = Cipher?.EncryptedPeerAt(peer),
            AutoKill = AutoKill,
            GiveUpAfter = GiveUpAfter,
        });
    }

    /// <summary>
    /// Gives a new transaction a random id unique among our live ones (specs/dundi.md §Header). A closed
    /// transaction only lingers to re-ACK late duplicates, so its id may be taken back: under load the
    /// 15-bit id space must not run out because of transactions that are already over.
    /// </summary>
    private DundiTransaction Register(Func<ushort, DundiTransaction> create)
    {
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var id = (ushort)RandomNumberGenerator.GetInt32(1, 32767);
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

    /// <summary>A closed transaction stays matchable a little longer so duplicates get their ACK again.</summary>
    public void Retire(DundiTransaction transaction)
    {
        var timer = _time.CreateTimer(_ => Remove(transaction), null, Linger, Timeout.InfiniteTimeSpan);
        transaction.Retirement = timer;
    }

    public void Dispose() => _socket.Dispose();

    private void Remove(DundiTransaction transaction)
    {
        _byOurId.TryRemove(KeyValuePair.Create(transaction.OurId, transaction));
        Forget(transaction);
    }

    private void Forget(DundiTransaction transaction)
    {
        if (transaction.OpenedBy is { } key)
        {
            _byTheirId.TryRemove(KeyValuePair.Create(key, transaction));
        }

        transaction.Retirement?.Dispose();
    }

    private void Dispatch(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        // Not even an INVALID to a sender we do not talk to: no reflection, no information.
        if (AllowedSources is { } allowed && !allowed(remote.Address))
        {
            _metrics.Rejected(Door, "client-not-allowed");
            return;
        }

        if (!DundiCodec.TryDecode(datagram, out var message, out var error))
        {
            _metrics.Rejected(Door, "malformed-" + error.ToString().ToLowerInvariant());
            return;
        }

        try
        {
            Received?.Invoke(remote, message);
            Route(message, remote);
        }
#pragma warning disable CA1031 // A bug in handling one packet must not stop the listener for every peer.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _metrics.Rejected(Door, "handler-error");
            LogHandlerError(ex, remote, message.Command);
        }
    }

    private void Route(DundiMessage message, IPEndPoint remote)
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

            _byOurId.TryRemove(KeyValuePair.Create(known.OurId, known));
            Forget(known);
        }

        if (!CanOpen(message) || Responder is null)
        {
            ReplyInvalid(message, remote);
            return;
        }

        var opened = Register(id => new DundiTransaction(this, _time, id, message.SourceTransactionId, remote, Responder, _retransmitInterval, _maxSends)
        {
            OpenedBy = key,
            Cipher = Cipher,
            GiveUpAfter = GiveUpAfter,
        });
        _byTheirId[key] = opened;
        opened.Receive(Cipher?.Accept(opened, message) ?? message);
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

        _metrics.Rejected(Door, "no-transaction");
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "DUNDi receive error {Error}")]
    private partial void LogReceiveError(SocketError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DUNDi send to {Remote} failed: {Error}")]
    private partial void LogSendError(IPEndPoint remote, SocketError error);

    [LoggerMessage(Level = LogLevel.Error, Message = "DUNDi: error handling {Command} from {Remote}")]
    private partial void LogHandlerError(Exception exception, IPEndPoint remote, DundiCommand command);
}
