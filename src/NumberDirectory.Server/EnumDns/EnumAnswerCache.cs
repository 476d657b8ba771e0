using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace NumberDirectory.Server.EnumDns;

/// <summary>
/// Encoded answers, kept so that asking the same question again costs a copy and three patches
/// instead of a lookup and an encoding. Keyed by the lower-case question name, type and class and the
/// EDNS shape (OPT or not, DO, the size limit); on a hit the ID, the RD and CD bits and the question
/// name's letter case are copied from the query. Entries are fed only by answers the pipeline gave
/// this door, live no longer than their TTL and <see cref="MaxReuse"/>, are swept once expired (at most
/// once per <see cref="MaxReuse"/>), and are all dropped when a range changes (an answer being looked
/// up across the change is not kept).
/// </summary>
/// <remarks>
/// docs/protocols/enum.md §Answer cache. Why: parsing, a pipeline lookup and encoding cost several µs
/// and several KB per query, where a fixed answer costs a dictionary probe and a copy with no
/// allocation (docs/protocols/enum.md §Implementation notes; tests/bench/results/enum.md). The served TTL is the one encoded, so a
/// resolver may hold an answer up to <see cref="MaxReuse"/> longer than the pipeline would; that bound
/// keeps it small.
/// </remarks>
internal sealed class EnumAnswerCache
{
    /// <summary>The longest an encoded answer is reused.</summary>
    public static readonly TimeSpan MaxReuse = TimeSpan.FromSeconds(30);

    /// <summary>Entries held at most; past it the cache starts empty again (random names cannot grow it without bound).</summary>
    public const int MaxEntries = 100_000;

    private const int KeyPrefix = 4;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly TimeProvider _time;
    private readonly long _maxReuseTicks;
    private int _generation;
    private long _nextSweep;

    public EnumAnswerCache(TimeProvider time)
    {
        _time = time;
        _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
        _maxReuseTicks = (long)(MaxReuse.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>Answers held now (expired ones included until the next sweep, or until replaced or dropped).</summary>
    public int Count => _entries.Count;

    /// <summary>Changes whenever everything is dropped; an answer looked up across a change is not stored.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Drops every answer (a range changed).</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    /// <summary>The characters of the key for a query (at most 4 + 255).</summary>
    public static int Key(in DnsQuery query, ReadOnlySpan<byte> loweredName, int limit, Span<char> key)
    {
        key[0] = (char)query.Type;
        key[1] = (char)query.Class;
        // An EDNS version other than 0 gets BADVERS, never kept: its own key, so it never meets a kept answer.
        key[2] = query.Edns is { } edns ? (char)(1 | (edns.DnssecOk ? 2 : 0) | (edns.Version << 8)) : '\0';
        key[3] = (char)limit;
        for (var i = 0; i < query.NameLength; i++)
        {
            key[KeyPrefix + i] = (char)loweredName[i];
        }

        return KeyPrefix + query.NameLength;
    }

    /// <summary>
    /// Writes the kept answer to this query into <paramref name="destination"/>, patched for it; false
    /// when there is none fresh or it does not fit.
    /// </summary>
    public bool TryAnswer(ReadOnlySpan<char> key, ReadOnlySpan<byte> packet, in DnsQuery query, Span<byte> destination, out int written)
    {
        written = 0;
        if (!_bySpan.TryGetValue(key, out var entry) || entry.Expires < _time.GetTimestamp() || entry.Bytes.Length > destination.Length)
        {
            return false;
        }

        var bytes = entry.Bytes;
        bytes.CopyTo(destination);
        BinaryPrimitives.WriteUInt16BigEndian(destination, query.Id);
        destination[2] = (byte)((bytes[2] & ~(DnsWire.FlagRd >> 8)) | ((query.Flags & DnsWire.FlagRd) >> 8));
        destination[3] = (byte)((bytes[3] & ~DnsWire.FlagCd) | (query.Flags & DnsWire.FlagCd));
        packet.Slice(DnsQueryParser.QuestionOffset, query.NameLength).CopyTo(destination[DnsQueryParser.QuestionOffset..]);
        written = bytes.Length;
        return true;
    }

    /// <summary>Keeps an encoded answer for <paramref name="reusable"/> (at most <see cref="MaxReuse"/>), unless the ranges changed since <paramref name="generation"/>.</summary>
    public void Store(ReadOnlySpan<char> key, byte[] response, TimeSpan reusable, int generation)
    {
        if (reusable <= TimeSpan.Zero || generation != Generation)
        {
            return;
        }

        var now = _time.GetTimestamp();
        SweepExpired(now);
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        var ticks = Math.Min(_maxReuseTicks, (long)(reusable.TotalSeconds * _time.TimestampFrequency));
        _bySpan[key] = new Entry(response, now + ticks);
        if (generation != Generation)
        {
            // A range changed while this was being stored: the clear may have run before it.
            _bySpan.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// Drops expired answers, at most once per <see cref="MaxReuse"/>. Without it an answer to a name
    /// never asked again (a resolver's one-off lookup, numbers a cache in front of us churns through)
    /// stays until <see cref="MaxEntries"/> empties everything: under steady traffic of distinct names
    /// the cache only grows, to 100,000 dead answers, though few are ever live at once.
    /// </summary>
    private void SweepExpired(long now)
    {
        var due = Interlocked.Read(ref _nextSweep);
        if (now < due || Interlocked.CompareExchange(ref _nextSweep, now + _maxReuseTicks, due) != due)
        {
            return;
        }

        foreach (var entry in _entries)
        {
            if (entry.Value.Expires < now)
            {
                _entries.TryRemove(entry);
            }
        }
    }

    private sealed record Entry(byte[] Bytes, long Expires);
}
