using System.Collections.Concurrent;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Caching;

/// <summary>
/// Answers learned from peers, by context and number: positive answers until their expiration,
/// negative ones for at most the negative TTL, and expired ones kept a while longer to be served
/// when every peer fails. Bounded in entries and in (estimated) bytes. Thread-safe.
/// </summary>
/// <remarks>docs/architecture.md §Cache.</remarks>
public sealed class LookupCache(TimeProvider timeProvider, CacheOptions options)
{
    private readonly ConcurrentDictionary<CacheKey, CacheEntry> _entries = new();
    private long _bytes;

    /// <summary>The settings in force.</summary>
    public CacheOptions Options => options;

    /// <summary>Entries held, stale ones included.</summary>
    public int Count => _entries.Count;

    /// <summary>What the entries held take, estimated (see <see cref="CacheEntry.EstimatedBytes"/>).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>The entry for <paramref name="key"/>, fresh or stale, if one is still held.</summary>
    public bool TryGet(CacheKey key, out CacheEntry entry)
    {
        if (_entries.TryGetValue(key, out entry!))
        {
            if (entry.Expires + options.MaxStale > timeProvider.GetUtcNow())
            {
                return true;
            }

            Remove(entry);
        }

        entry = null!;
        return false;
    }

    /// <summary>
    /// Stores a complete answer: Found until its TTL, NotFound for at most the negative TTL. Failed,
    /// partial and loop answers, and answers for numbers still being dialled (routes without EXISTS),
    /// are not stored: they say nothing reliable about the number.
    /// </summary>
    public bool Store(CacheKey key, LookupResult result) => Store(key, result, coversPartialMatches: false);

    /// <summary>As <see cref="Store(CacheKey, LookupResult)"/>, saying whether the lookup kept partial matches (<see cref="CacheEntry.CoversPartialMatches"/>).</summary>
    public bool Store(CacheKey key, LookupResult result, bool coversPartialMatches)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Partial || result.Status is not (LookupStatus.Found or LookupStatus.NotFound))
        {
            return false;
        }

        // An answer for a number still being dialled is no answer for the number itself.
        if (result.Routes.Any(r => !r.Flags.HasFlag(RouteFlags.Exists)))
        {
            return false;
        }

        var ttl = result.Status == LookupStatus.NotFound && result.Ttl > options.NegativeTtl ? options.NegativeTtl : result.Ttl;
        if (ttl <= TimeSpan.Zero)
        {
            return false;
        }

        var now = timeProvider.GetUtcNow();
        Put(new CacheEntry(key, result with { Ttl = ttl, Trace = [] }, now, now + ttl) { CoversPartialMatches = coversPartialMatches });
        if (_entries.Count > options.MaxEntries || Bytes > options.MaxBytes)
        {
            Evict(now);
        }

        return true;
    }

    /// <summary>Puts back entries saved earlier (e.g. after a restart); those past their stale limit are dropped.</summary>
    public int Restore(IEnumerable<CacheEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var now = timeProvider.GetUtcNow();
        var restored = 0;
        foreach (var entry in entries.Where(e => e.Expires + options.MaxStale > now))
        {
            Put(entry);
            restored++;
        }

        if (_entries.Count > options.MaxEntries || Bytes > options.MaxBytes)
        {
            Evict(now);
        }

        return restored;
    }

    /// <summary>Every entry held, for saving.</summary>
    public IReadOnlyList<CacheEntry> Snapshot() => [.. _entries.Values];

    /// <summary>Forgets the answer for one number; returns how many entries went.</summary>
    public int FlushNumber(string context, DialNumber number) =>
        _entries.TryGetValue(new CacheKey(context, number.Digits), out var entry) && Remove(entry) ? 1 : 0;

    /// <summary>Forgets every answer for numbers starting with <paramref name="prefix"/> (in every context when <paramref name="context"/> is null).</summary>
    public int FlushPrefix(string? context, string prefix) =>
        FlushWhere(e => (context is null || e.Key.Context == context) && e.Key.Digits.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Forgets every answer holding a route from <paramref name="peer"/>.</summary>
    public int FlushPeer(NodeId peer) => FlushWhere(e => e.Result.Routes.Any(r => r.AnsweredBy == peer));

    /// <summary>
    /// Forgets the "not found" answers in <paramref name="contexts"/> stored at or after
    /// <paramref name="since"/>: when a peer that was away comes back, what was concluded without it
    /// no longer holds.
    /// </summary>
    public int FlushNegativeSince(IReadOnlyCollection<string> contexts, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        return FlushWhere(e => e.Result.Status == LookupStatus.NotFound && e.StoredAt >= since && contexts.Contains(e.Key.Context));
    }

    /// <summary>Forgets everything; returns how many entries went.</summary>
    public int FlushAll() => FlushWhere(_ => true);

    private void Put(CacheEntry entry)
    {
        while (true)
        {
            if (_entries.TryGetValue(entry.Key, out var old))
            {
                if (_entries.TryUpdate(entry.Key, entry, old))
                {
                    Interlocked.Add(ref _bytes, entry.EstimatedBytes - old.EstimatedBytes);
                    return;
                }
            }
            else if (_entries.TryAdd(entry.Key, entry))
            {
                Interlocked.Add(ref _bytes, entry.EstimatedBytes);
                return;
            }
        }
    }

    private bool Remove(CacheEntry entry)
    {
        if (!_entries.TryRemove(KeyValuePair.Create(entry.Key, entry)))
        {
            return false;
        }

        Interlocked.Add(ref _bytes, -entry.EstimatedBytes);
        return true;
    }

    private int FlushWhere(Func<CacheEntry, bool> predicate)
    {
        var removed = 0;
        foreach (var entry in _entries.Values.Where(predicate))
        {
            if (Remove(entry))
            {
                removed++;
            }
        }

        return removed;
    }

    // Over a cap: drop what is past its stale limit, then the entries expiring first, down to 90%
    // of each cap so eviction runs once per many stores rather than on each.
    private void Evict(DateTimeOffset now)
    {
        FlushWhere(e => e.Expires + options.MaxStale <= now);
        var entryTarget = options.MaxEntries * 9L / 10;
        var byteTarget = options.MaxBytes / 10 * 9;
        if (_entries.Count <= entryTarget && Bytes <= byteTarget)
        {
            return;
        }

        foreach (var entry in _entries.Values.OrderBy(e => e.Expires).ToList())
        {
            if (_entries.Count <= entryTarget && Bytes <= byteTarget)
            {
                return;
            }

            Remove(entry);
        }
    }
}
