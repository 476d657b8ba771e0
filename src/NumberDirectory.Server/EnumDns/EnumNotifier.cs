using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using NumberDirectory.Core.EnumZones;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.EnumDns;

/// <summary>
/// Tells each zone's secondaries that it changed (NOTIFY), so they ask for the new serial at once
/// instead of at their next refresh. Changes in a burst make one NOTIFY; an unanswered NOTIFY is sent
/// again after 1, 2, 4 … seconds (at most a minute apart) until the secondary answers.
/// </summary>
/// <remarks>RFC 1996 §3 and §4 (NOTIFY, retransmission until a response comes); RFC 8945 (signed with the zone's TSIG key); docs/protocols/enum.md §Zone transfer.</remarks>
internal sealed partial class EnumNotifier : IHostedService, IDisposable
{
    /// <summary>How long a change waits for the next before the NOTIFY goes: a burst of publishes makes one.</summary>
    public static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two tries.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    private const int OpcodeNotify = 4;

    private readonly EnumZoneSet _zones;
    private readonly TimeProvider _time;
    private readonly NodeMetrics _metrics;
    private readonly ILogger<EnumNotifier> _logger;
    private readonly ImmutableArray<Secondary> _secondaries;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _receiving = [];
    private Socket? _v4;
    private Socket? _v6;

    public EnumNotifier(EnumZoneSet zones, ImmutableDictionary<string, EnumTransferPolicy> policies, TimeProvider time, NodeMetrics metrics, ILogger<EnumNotifier> logger)
    {
        _zones = zones;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _secondaries = [.. zones.Zones
            .Where(z => z.Answers == EnumAnswers.Local && policies.ContainsKey(z.Suffix))
            .SelectMany(z => policies[z.Suffix].Notify.Select(target => new Secondary(this, z, target, policies[z.Suffix].Key)))];
    }

    /// <summary>Raised when a secondary answered a NOTIFY: the zone, the secondary and the serial it was told.</summary>
    public event Action<string, IPEndPoint, uint>? Acknowledged;

    /// <summary>NOTIFY messages sent so far, retries included.</summary>
    public long Sent => _secondaries.Sum(s => s.SentCount);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_secondaries.IsEmpty)
        {
            return Task.CompletedTask;
        }

        if (_secondaries.Any(s => s.Target.AddressFamily == AddressFamily.InterNetwork))
        {
            _v4 = Open(new IPEndPoint(IPAddress.Any, 0));
        }

        if (_secondaries.Any(s => s.Target.AddressFamily == AddressFamily.InterNetworkV6))
        {
            _v6 = Open(new IPEndPoint(IPAddress.IPv6Any, 0));
        }

        // A start is a change as far as a secondary knows: the ranges may differ from the last run.
        Changed();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var secondary in _secondaries)
        {
            secondary.Stop();
        }

        _v4?.Dispose();
        _v6?.Dispose();
        await Task.WhenAll(_receiving).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        foreach (var secondary in _secondaries)
        {
            secondary.Stop();
        }

        _v4?.Dispose();
        _v6?.Dispose();
        _stopping.Dispose();
    }

    /// <summary>The zones changed (their serial moved): every secondary is told, once the burst is over.</summary>
    public void Changed()
    {
        foreach (var secondary in _secondaries)
        {
            secondary.Changed(_zones.Serial);
        }
    }

    private Socket Open(IPEndPoint local)
    {
        var socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(local);
        _receiving.Add(ReceiveAsync(socket, _stopping.Token));
        return socket;
    }

    private async Task ReceiveAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var any = socket.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                // An ICMP port unreachable for a NOTIFY: the retry timer handles it.
                continue;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (received.ReceivedBytes < DnsWire.HeaderLength)
            {
                continue;
            }

            var id = BinaryPrimitives.ReadUInt16BigEndian(buffer);
            var flags = BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2));
            if ((flags & DnsWire.FlagQr) == 0 || ((flags >> 11) & 0xF) != OpcodeNotify)
            {
                continue;
            }

            var from = (IPEndPoint)received.RemoteEndPoint;
            foreach (var secondary in _secondaries)
            {
                if (secondary.Target.Port == from.Port && secondary.Target.Address.Equals(from.Address.IsIPv4MappedToIPv6 ? from.Address.MapToIPv4() : from.Address))
                {
                    secondary.Answered(id, flags & 0xF);
                }
            }
        }
    }

    private void Send(Secondary secondary, ushort id, uint serial)
    {
        var socket = secondary.Target.AddressFamily == AddressFamily.InterNetworkV6 ? _v6 : _v4;
        if (socket is null)
        {
            return;
        }

        var message = new List<byte>(128);
        var header = new byte[DnsWire.HeaderLength];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)((OpcodeNotify << 11) | DnsWire.FlagAa));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), 1);
        message.AddRange(header);
        message.AddRange(DnsWire.Name(secondary.Zone.Suffix));
        message.AddRange([0, (byte)DnsWire.TypeSoa, 0, (byte)DnsWire.ClassIn]);

        // RFC 1996 §3.7: the new SOA may ride along in the answer section.
        message.AddRange(Soa(secondary.Zone, serial));
        if (secondary.Key is { } key)
        {
            Tsig.Sign(message, key, null, timersOnly: false, _time.GetUtcNow());
        }

        try
        {
            socket.SendTo([.. message], SocketFlags.None, secondary.Target);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Unreachable now; the retry timer tries again.
        }
    }

    /// <summary>The zone's SOA record, its owner a pointer to the question (RFC 1035 §3.3.13, §4.1.4).</summary>
    private static byte[] Soa(EnumZone zone, uint serial)
    {
        var data = new List<byte>(64);
        data.AddRange(DnsWire.Name(zone.Soa.PrimaryName));
        data.AddRange(DnsWire.Name(zone.Soa.Mailbox));
        foreach (var value in new[] { serial, zone.Soa.Refresh, zone.Soa.Retry, zone.Soa.Expire, zone.Soa.Minimum })
        {
            data.AddRange([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
        }

        var record = new byte[12 + data.Count];
        BinaryPrimitives.WriteUInt16BigEndian(record, 0xC000 | DnsWire.HeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(2), DnsWire.TypeSoa);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(4), DnsWire.ClassIn);
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(6), zone.Ttl);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(10), (ushort)data.Count);
        data.CopyTo(record, 12);
        return record;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ENUM NOTIFY of {Zone} to {Secondary} unanswered {Tries} times; trying again every {Seconds:F0} s at most")]
    private partial void LogUnanswered(string zone, IPEndPoint secondary, int tries, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "ENUM NOTIFY of {Zone} serial {Serial} acknowledged by {Secondary} (rcode {Rcode})")]
    private partial void LogAcknowledged(string zone, uint serial, IPEndPoint secondary, int rcode);

    /// <summary>One secondary of one zone: the serial it has not acknowledged yet, and the timer of the next try.</summary>
    private sealed class Secondary(EnumNotifier owner, EnumZone zone, IPEndPoint target, TsigKey? key)
    {
        private readonly Lock _lock = new();
        private ITimer? _timer;
        private uint? _pending;
        private uint _sentSerial;
        private ushort _id;
        private int _tries;
        private bool _stopped;
        private long _sent;

        public long SentCount => Interlocked.Read(ref _sent);

        public EnumZone Zone => zone;

        public IPEndPoint Target => target;

        public TsigKey? Key => key;

        public void Changed(uint serial)
        {
            lock (_lock)
            {
                if (_stopped)
                {
                    return;
                }

                _pending = serial;
                if (_timer is null)
                {
                    _tries = 0;
                    _timer = owner._time.CreateTimer(_ => Fire(), null, Coalesce, Timeout.InfiniteTimeSpan);
                }
            }
        }

        public void Answered(ushort id, int rcode)
        {
            uint serial;
            lock (_lock)
            {
                if (_timer is null || id != _id || _tries == 0)
                {
                    return;
                }

                serial = _sentSerial;
                if (_pending == _sentSerial)
                {
                    _pending = null;
                    _timer.Dispose();
                    _timer = null;
                }
                else
                {
                    // A change came after this NOTIFY went: tell the newer serial after the usual pause.
                    _tries = 0;
                    _timer.Change(Coalesce, Timeout.InfiniteTimeSpan);
                }
            }

            owner._metrics.Notify("acknowledged");
            owner.LogAcknowledged(zone.Suffix, serial, target, rcode);
            owner.Acknowledged?.Invoke(zone.Suffix, target, serial);
        }

        public void Stop()
        {
            lock (_lock)
            {
                _stopped = true;
                _timer?.Dispose();
                _timer = null;
            }
        }

        private void Fire()
        {
            ushort id;
            uint serial;
            int tries;
            lock (_lock)
            {
                if (_stopped || _pending is not { } pending || _timer is null)
                {
                    return;
                }

                if (_tries > 0)
                {
                    owner._metrics.Notify("unanswered");
                }

                _id = (ushort)RandomNumberGenerator.GetInt32(0, 65536);
                _sentSerial = pending;
                id = _id;
                serial = pending;
                tries = ++_tries;
                var wait = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, tries - 1)));
                _timer.Change(wait, Timeout.InfiniteTimeSpan);
            }

            Interlocked.Increment(ref _sent);
            if (tries == 4)
            {
                owner.LogUnanswered(zone.Suffix, target, tries - 1, MaxBackoff.TotalSeconds);
            }

            owner.Send(this, id, serial);
        }
    }
}
