using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.EnumDns;

/// <summary>
/// The ENUM door: one UDP socket served by blocking receive threads and one TCP listener, both on
/// <c>Enum:Listen</c>. A query whose answer is kept encoded is answered on the receiving thread
/// without allocating; any other goes through <see cref="EnumResponder"/> (a lookup, asynchronously)
/// and its answer is kept for the next one.
/// </summary>
/// <remarks>
/// docs/protocols/enum.md §The door, §Answer cache, §Malformed and foreign packets; RFC 7766 (TCP:
/// pipelined queries, idle timeout, connection cap). Why blocking threads: per query, an async
/// receive and send cost continuations, a context switch and allocations; a thread that blocks in
/// recvfrom and answers a kept answer before the next recvfrom costs the two system calls and little
/// else (docs/protocols/enum.md §Implementation notes; figures and profile in tests/bench/results/enum.md).
/// </remarks>
internal sealed partial class EnumListener : IHostedService, IDisposable
{
    public const string Door = "enum";

    /// <summary>Lookups in flight at once for UDP queries; past it a query is dropped (the resolver retries).</summary>
    public const int MaxPendingLookups = 4096;

    private static readonly int ReceiveThreads = Math.Clamp(Environment.ProcessorCount / 2, 1, 8);

    private readonly EnumOptions _options;
    private readonly EnumResponder _responder;
    private readonly EnumAnswerCache _cache;
    private readonly RangeTable _ranges;
    private readonly NodeMetrics _metrics;
    private readonly LookupWatch _watch;
    private readonly Dundi.DundiPeerTable? _peers;
    private readonly ZoneTransferResponder? _transfers;
    private readonly EnumRateLimiter _limiter;
    private readonly TimeProvider _time;
    private readonly ILogger<EnumListener> _logger;
    private readonly ClientNetworks _allowed;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Thread> _threads = [];
    private readonly List<Task> _work = [];
    private Socket? _udp;
    private Socket? _tcp;
    private Task? _accepting;
    private int _pending;
    private int _connections;

    public EnumListener(
        IOptions<EnumOptions> options,
        EnumResponder responder,
        EnumAnswerCache cache,
        RangeTable ranges,
        NodeMetrics metrics,
        LookupWatch watch,
        TimeProvider time,
        ILogger<EnumListener> logger,
        ILoggerFactory loggers,
        Dundi.DundiPeerTable? peers = null,
        ZoneTransferResponder? transfers = null)
    {
        _options = options.Value;
        _responder = responder;
        _cache = cache;
        _ranges = ranges;
        _metrics = metrics;
        _watch = watch;
        _peers = peers;
        _transfers = transfers;
        _time = time;
        _logger = logger;
        _allowed = ClientNetworks.From(_options.AllowedClients);
        _limiter = new EnumRateLimiter(_options.RateLimit, time, loggers.CreateLogger<EnumRateLimiter>());
        metrics.EnumRateLimiter = _limiter;
        Counters = new EnumDoorCounters();
        metrics.EnumCounters = Counters;
    }

    /// <summary>The address bound, UDP and TCP alike (the port is known even when <c>Enum:Listen</c> asks for 0).</summary>
    public IPEndPoint? LocalEndpoint { get; private set; }

    public EnumDoorCounters Counters { get; }

    /// <summary>The UDP side's response rate limiting.</summary>
    public EnumRateLimiter RateLimiter => _limiter;

    /// <summary>TCP connections open now.</summary>
    public int TcpConnections => Volatile.Read(ref _connections);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!ListenEndpoint.TryParse(_options.Listen, out var endpoint, out var error))
        {
            throw new InvalidOperationException($"Enum:Listen: {error}");
        }

        (_udp, _tcp) = Bind(endpoint);
        LocalEndpoint = (IPEndPoint)_udp.LocalEndPoint!;
        _ranges.Changed += OnRangesChanged;
        if (_peers is not null)
        {
            _peers.Changed += OnPeersChanged;
        }

        // One receive thread per two cores. Measured on two cores shared with the client
        // (tests/bench/results/enum.md): a second thread brought no more queries per second, and at
        // a fixed rate cost about a third more CPU per query in wake-ups and context switches.
        for (var i = 0; i < ReceiveThreads; i++)
        {
            var thread = new Thread(ReceiveLoop) { IsBackground = true, Name = $"enum-udp-{i}" };
            _threads.Add(thread);
            thread.Start();
        }

        _accepting = AcceptAsync(_stopping.Token);
        var zones = string.Join(", ", _responder.Zones.Zones.Select(z => $"{z.Suffix} → {z.Context} ({z.Answers})"));
        LogListening(LocalEndpoint, zones);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _ranges.Changed -= OnRangesChanged;
        if (_peers is not null)
        {
            _peers.Changed -= OnPeersChanged;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _udp?.Dispose();
        _tcp?.Dispose();
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }

        Task[] work;
        lock (_work)
        {
            work = [.. _work, .. _accepting is null ? [] : new[] { _accepting }];
        }

        await Task.WhenAll(work).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _udp?.Dispose();
        _tcp?.Dispose();
        _stopping.Dispose();
    }

    // A peer added, changed or removed can change any answer from the mesh: a kept "no such name"
    // may now have an owner. The zones' own data did not change, so the serial stays.
    private void OnPeersChanged() => _cache.Clear();

    private void OnRangesChanged(object? sender, RangeChange change)
    {
        // The serial moves on in ZoneSerialKeeper, which also stores it; kept answers go here.
        _cache.Clear();
    }

    private static (Socket Udp, Socket Tcp) Bind(IPEndPoint endpoint)
    {
        // Port 0 asks for any free port: the UDP socket picks one and TCP must get the same, which
        // another program may hold on TCP only; then pick again.
        for (var attempt = 0; ; attempt++)
        {
            var udp = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                if (endpoint.Address.Equals(IPAddress.IPv6Any))
                {
                    udp.DualMode = true;
                }

                // Room for a burst while the receive threads catch up (the kernel caps it at net.core.rmem_max).
                udp.ReceiveBufferSize = 4 << 20;
                udp.Bind(endpoint);
            }
            catch (SocketException ex)
            {
                udp.Dispose();
                throw ListenEndpoint.BindFailure("Enum:Listen", endpoint, ex, " (UDP)");
            }

            var bound = new IPEndPoint(endpoint.Address, ((IPEndPoint)udp.LocalEndPoint!).Port);
            var tcp = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (endpoint.Address.Equals(IPAddress.IPv6Any))
                {
                    tcp.DualMode = true;
                }

                tcp.Bind(bound);
                tcp.Listen();
                return (udp, tcp);
            }
            catch (SocketException ex)
            {
                udp.Dispose();
                tcp.Dispose();
                if (endpoint.Port != 0 || attempt >= 20 || ex.SocketErrorCode != SocketError.AddressAlreadyInUse)
                {
                    throw ListenEndpoint.BindFailure("Enum:Listen", bound, ex, " (TCP)");
                }
            }
        }
    }

    private void ReceiveLoop()
    {
        var socket = _udp!;
        var packet = new byte[DnsWire.TcpSize];
        var response = new byte[DnsWire.TcpSize];
        var lowered = new byte[DnsWire.MaxNameLength];
        var key = new char[4 + DnsWire.MaxNameLength];
        var from = new SocketAddress(socket.AddressFamily);
        while (!_stopping.IsCancellationRequested)
        {
            int received;
            try
            {
                received = socket.ReceiveFrom(packet, SocketFlags.None, from);
            }
            catch (SocketException ex) when (!_stopping.IsCancellationRequested && ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                // An ICMP error for an earlier answer, or a datagram larger than any query: nothing to answer.
                continue;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            try
            {
                Datagram(socket, packet.AsSpan(0, received), from, response, lowered, key);
            }
#pragma warning disable CA1031 // One packet must never stop the door: it is logged and the next one served.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPacketFailed(ex);
            }
        }
    }

    private void Datagram(Socket socket, ReadOnlySpan<byte> packet, SocketAddress from, byte[] response, byte[] lowered, char[] key)
    {
        if (!_allowed.Allows(from))
        {
            // No answer at all: a refusal would still reflect traffic at a forged source.
            _metrics.Rejected(Door, "client-not-allowed");
            return;
        }

        var outcome = DnsQueryParser.Parse(packet, lowered, out var query);
        if (outcome != DnsParseOutcome.Dropped && _limiter.Enabled && _limiter.Decide(from) is var action and not RateLimitAction.Answer)
        {
            // Over the client network's rate: nothing, or now and then the question alone with TC so a
            // real client asks over TCP. Decided before any work, so a flood costs no lookups.
            if (action == RateLimitAction.Slip && outcome == DnsParseOutcome.Query)
            {
                socket.SendTo(DnsMessageWriter.WriteTruncated(packet, lowered, query), SocketFlags.None, from);
            }

            return;
        }

        if (Refusal(outcome, query) is not { } immediate)
        {
            return;
        }

        if (immediate.Length > 0)
        {
            Counters.Response(EnumTransport.Udp, (DnsResponseCode)(immediate[3] & 0xF));
            socket.SendTo(immediate, SocketFlags.None, from);
            return;
        }

        var limit = query.Edns is { } edns ? Math.Clamp((int)edns.PayloadSize, DnsWire.ClassicUdpSize, DnsWire.EdnsUdpSize) : DnsWire.ClassicUdpSize;
        var keyLength = EnumAnswerCache.Key(query, lowered, limit, key);
        if (_cache.TryAnswer(key.AsSpan(0, keyLength), packet, query, response, out var written))
        {
            Counters.Hit();
            Counters.Response(EnumTransport.Udp, (DnsResponseCode)(response[3] & 0xF));
            socket.SendTo(response.AsSpan(0, written), SocketFlags.None, from);
            return;
        }

        Counters.Miss();
        var generation = _cache.Generation;
        var reply = _responder.Immediate(query, lowered, EnumTransport.Udp, out var match);
        if (reply is not null)
        {
            var bytes = Encode(packet, lowered, query, reply, limit, EnumTransport.Udp);
            _cache.Store(key.AsSpan(0, keyLength), bytes, reply.Reusable, generation);
            socket.SendTo(bytes, SocketFlags.None, from);
            return;
        }

        if (Interlocked.Increment(ref _pending) > MaxPendingLookups)
        {
            Interlocked.Decrement(ref _pending);
            _metrics.Rejected(Door, "too-many-lookups");
            return;
        }

        var copy = packet.ToArray();
        var state = new PendingQuery(copy, lowered[..query.NameLength], query, match, limit, new string(key, 0, keyLength), generation, Clone(from));
        Track(LookupUdpAsync(socket, state));
    }

    /// <summary>
    /// What to do before a lookup: null to send nothing, an empty array to go on, or the bytes of a
    /// FORMERR or NOTIMP answer. Counts the refusals; the caller counts the response once it sends it.
    /// </summary>
    private byte[]? Refusal(DnsParseOutcome outcome, in DnsQuery query)
    {
        switch (outcome)
        {
            case DnsParseOutcome.Query:
                return [];
            case DnsParseOutcome.Dropped:
                _metrics.Rejected(Door, "not-a-query");
                return null;
            case DnsParseOutcome.NotImplemented:
                _metrics.Rejected(Door, "opcode");
                return DnsMessageWriter.WriteHeaderOnly(query, DnsResponseCode.NotImplemented);
            default:
                _metrics.Rejected(Door, "malformed");
                return DnsMessageWriter.WriteHeaderOnly(query, DnsResponseCode.FormatError);
        }
    }

    private async Task LookupUdpAsync(Socket socket, PendingQuery pending)
    {
        try
        {
            var bytes = await LookupAsync(pending, EnumTransport.Udp).ConfigureAwait(false);

            // Synchronous on purpose: one asynchronous call would switch the socket to non-blocking
            // mode for good, and the receive threads' blocking calls would then go through the
            // runtime's event loop (several µs more per query). A UDP send does not block here.
            socket.SendTo(bytes, SocketFlags.None, pending.From!);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping, or the client's address cannot be reached: nothing to send.
        }
#pragma warning disable CA1031 // One query must never stop the door: it is logged and the client retries.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogPacketFailed(ex);
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    private async ValueTask<byte[]> LookupAsync(PendingQuery pending, EnumTransport transport)
    {
        var started = _time.GetTimestamp();
        var reply = await _responder.AnswerAsync(pending.Query, pending.Match, _stopping.Token).ConfigureAwait(false);
        if (reply.Lookup is { } result)
        {
            _metrics.Lookup(Door, result.Status, _time.GetElapsedTime(started));
            if (_watch.Watched)
            {
                var client = pending.From is { } from ? Endpoint(from) : string.Empty;
                _watch.Report(Door, client, pending.Match.Number.ToString(), pending.Match.Zone!.Context, result, _time.GetElapsedTime(started));
            }
        }

        var bytes = Encode(pending.Packet, pending.Lowered, pending.Query, reply, pending.Limit, transport);
        _cache.Store(pending.Key, bytes, reply.Reusable, pending.Generation);
        return bytes;
    }

    private byte[] Encode(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> lowered, in DnsQuery query, EnumReply reply, int limit, EnumTransport transport)
    {
        var bytes = DnsMessageWriter.Write(packet, lowered, query, reply.Answer, limit);
        Counters.Response(transport, reply.Answer.Code);
        return bytes;
    }

    private void Track(Task task)
    {
        lock (_work)
        {
            _work.RemoveAll(t => t.IsCompleted);
            _work.Add(task);
        }
    }

    private static string Endpoint(SocketAddress address) =>
        (address.Family == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0)).Create(address).ToString() ?? string.Empty;

    private static SocketAddress Clone(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.CopyTo(copy.Buffer);
        return copy;
    }

    private sealed record PendingQuery(byte[] Packet, byte[] Lowered, DnsQuery Query, EnumZoneMatch Match, int Limit, string Key, int Generation, SocketAddress? From);

    [LoggerMessage(Level = LogLevel.Information, Message = "ENUM listening on {Endpoint} (UDP and TCP) for {Zones}")]
    private partial void LogListening(IPEndPoint endpoint, string zones);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ENUM has {Max} TCP connections open (Enum:MaxTcpConnections); a new one was closed")]
    private partial void LogBusy(int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ENUM TCP accept failed: {Error}")]
    private partial void LogAcceptFailed(SocketError error);

    [LoggerMessage(Level = LogLevel.Error, Message = "ENUM query failed")]
    private partial void LogPacketFailed(Exception exception);
}
