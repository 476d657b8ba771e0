using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.EnumDns;

/// <summary>
/// Response rate limiting for the UDP side of the ENUM door: answers per second to each client
/// network (an IPv4 /24, an IPv6 /56 by default), past the limit every <c>Slip</c>-th answer truncated
/// and the others dropped, so a forged source cannot turn the door into an amplifier and a real client
/// still gets through over TCP. Networks it trusts are never limited.
/// </summary>
/// <remarks>
/// docs/protocols/enum.md §Response rate limiting; the idea is BIND's and Knot's RRL, counted per
/// network rather than per answer, since every answer of this door is small and alike. A fixed table
/// (two slots per hash, the hash keyed per process so nobody can aim collisions): a network not seen
/// for two seconds gives its slot up; when both slots are busy the newcomer counts against one shared
/// overflow budget, so churning sources can never reset another network's count.
/// </remarks>
internal sealed partial class EnumRateLimiter
{
    private const int Stripes = 64;

    private readonly Entry[] _entries;
    private readonly Lock[] _locks = [.. Enumerable.Range(0, Stripes).Select(_ => new Lock())];
    private readonly Lock _overflowLock = new();
    private readonly int _mask;
    private readonly int _rate;
    private readonly int _slip;
    private readonly ulong _v4Mask;
    private readonly ulong _v6Mask;
    private readonly ClientNetworks _trusted;
    private readonly TimeProvider _time;
    private readonly ILogger<EnumRateLimiter> _logger;
    private Entry _overflow;
    private long _dropped;
    private long _slipped;

    public EnumRateLimiter(EnumRateLimitOptions options, TimeProvider time, ILogger<EnumRateLimiter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _rate = options.ResponsesPerSecond;
        _slip = options.Slip;
        _trusted = ClientNetworks.From(options.TrustedNetworks);
        _time = time;
        _logger = logger;
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(64, options.TableSize));
        _entries = new Entry[size];
        _mask = size - 1;
        _v4Mask = options.Ipv4PrefixLength == 0 ? 0 : ulong.MaxValue << (64 - options.Ipv4PrefixLength);
        _v6Mask = options.Ipv6PrefixLength >= 64 ? ulong.MaxValue : ulong.MaxValue << (64 - options.Ipv6PrefixLength);
    }

    /// <summary>True when limiting is on.</summary>
    public bool Enabled => _rate > 0;

    /// <summary>Slots in the table: what it can ever hold.</summary>
    public int Capacity => _entries.Length;

    /// <summary>Answers dropped so far.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Answers sent truncated so far.</summary>
    public long Slipped => Interlocked.Read(ref _slipped);

    /// <summary>Decides one answer to <paramref name="client"/> (a socket address as a receive call fills it).</summary>
    public RateLimitAction Decide(SocketAddress client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (_rate == 0 || _trusted.Allows(client) || !TryKey(client, out var key))
        {
            return RateLimitAction.Answer;
        }

        var second = _time.GetTimestamp() / _time.TimestampFrequency;
        var hash = (int)((uint)HashCode.Combine(key) & (uint)_mask) & ~1;
        int over;
        bool started;
        lock (_locks[(hash >> 1) & (Stripes - 1)])
        {
            ref var slot = ref Find(hash, key, second, out var found);
            if (!found)
            {
                lock (_overflowLock)
                {
                    over = Count(ref _overflow, second, out started);
                }
            }
            else
            {
                over = Count(ref slot, second, out started);
            }
        }

        if (over == 0)
        {
            return RateLimitAction.Answer;
        }

        if (started)
        {
            LogLimited(Describe(key), _rate);
        }

        if (_slip > 0 && over % _slip == 0)
        {
            Interlocked.Increment(ref _slipped);
            return RateLimitAction.Slip;
        }

        Interlocked.Increment(ref _dropped);
        return RateLimitAction.Drop;
    }

    /// <summary>The slot of <paramref name="key"/>: its own, a free or stale one of the pair; false when both are busy with others.</summary>
    private ref Entry Find(int hash, ulong key, long second, out bool found)
    {
        found = true;
        ref var first = ref _entries[hash];
        ref var second2 = ref _entries[hash + 1];
        if (first.Key == key && first.Used)
        {
            return ref first;
        }

        if (second2.Key == key && second2.Used)
        {
            return ref second2;
        }

        ref var free = ref (!first.Used || first.Second < second - 1) ? ref first : ref second2;
        if (!free.Used || free.Second < second - 1)
        {
            free = new Entry { Key = key, Used = true, Second = second, LoggedSecond = long.MinValue };
            return ref free;
        }

        found = false;
        return ref first;
    }

    /// <summary>Counts one answer in its second; returns how far over the limit it is (0: within).</summary>
    private int Count(ref Entry entry, long second, out bool started)
    {
        started = false;
        if (entry.Second != second)
        {
            entry.Second = second;
            entry.Count = 0;
        }

        entry.Count++;
        if (entry.Count <= _rate)
        {
            return 0;
        }

        // Logged when a network goes over, at most once a minute per network.
        if (entry.Count == _rate + 1 && second - entry.LoggedSecond >= 60)
        {
            entry.LoggedSecond = second;
            started = true;
        }

        return entry.Count - _rate;
    }

    /// <summary>The client's network as a number: the family in the low bit, the masked prefix above it.</summary>
    private bool TryKey(SocketAddress address, out ulong key)
    {
        key = 0;
        var buffer = address.Buffer.Span;
        if (address.Family == AddressFamily.InterNetwork && address.Size >= 8)
        {
            key = (((ulong)BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]) << 32) & _v4Mask) | 0;
            return true;
        }

        if (address.Family == AddressFamily.InterNetworkV6 && address.Size >= 24)
        {
            var bytes = buffer.Slice(8, 16);
            if (bytes[..10].IndexOfAnyExcept((byte)0) < 0 && bytes[10] == 0xFF && bytes[11] == 0xFF)
            {
                key = ((ulong)BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]) << 32) & _v4Mask;
                return true;
            }

            key = (BinaryPrimitives.ReadUInt64BigEndian(bytes) & _v6Mask & ~1UL) | 1;
            return true;
        }

        return false;
    }

    private static string Describe(ulong key)
    {
        if ((key & 1) == 0)
        {
            return new IPAddress(BinaryPrimitives.ReverseEndianness((uint)(key >> 32))).ToString();
        }

        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, key & ~1UL);
        return new IPAddress(bytes).ToString();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ENUM answers to the network of {Network} are rate limited: more than {Rate} a second (Enum:RateLimit); the rest are truncated or dropped (logged once a minute per network)")]
    private partial void LogLimited(string network, int rate);

    private struct Entry
    {
        public ulong Key;
        public bool Used;
        public long Second;
        public int Count;
        public long LoggedSecond;
    }
}
