using System.Collections.Concurrent;
using System.Net;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// Paces what sources the node cannot authenticate get back (refusals, INVALID): a token bucket per
/// source address, so spoofed traffic cannot turn the node into a reflector. The table of sources is
/// bounded; when it is full of sources still spending their share, a new source gets nothing.
/// </summary>
/// <remarks>docs/protocols/dundi.md §Untrusted sources.</remarks>
internal sealed class DundiReplyLimiter(TimeProvider time, double perSecond, int burst, int maxSources)
{
    private readonly ConcurrentDictionary<IPAddress, Bucket> _buckets = new();
    private long _nextSweep;

    /// <summary>Sources with a bucket now.</summary>
    public int SourceCount => _buckets.Count;

    /// <summary>True when <paramref name="source"/> may be sent one more reply now.</summary>
    public bool TryTake(IPAddress source)
    {
        var now = time.GetTimestamp();
        if (!_buckets.TryGetValue(source, out var bucket))
        {
            if (_buckets.Count >= maxSources && !SweepFull(now))
            {
                return false;
            }

            bucket = _buckets.GetOrAdd(source, _ => new Bucket(burst, now));
        }

        lock (bucket)
        {
            bucket.Refill(perSecond * ElapsedSeconds(bucket.Stamp, now), burst);
            bucket.Stamp = now;
            if (bucket.Tokens < 1)
            {
                return false;
            }

            bucket.Tokens--;
            return true;
        }
    }

    /// <summary>Drops the buckets that have refilled (their sources are quiet); false when none could go.</summary>
    private bool SweepFull(long now)
    {
        // At most once a second: a flood of new sources must not make every packet scan the table.
        var next = Interlocked.Read(ref _nextSweep);
        if (now < next || Interlocked.CompareExchange(ref _nextSweep, now + time.TimestampFrequency, next) != next)
        {
            return _buckets.Count < maxSources;
        }

        foreach (var (address, bucket) in _buckets)
        {
            if (bucket.Tokens + (perSecond * ElapsedSeconds(bucket.Stamp, now)) >= burst)
            {
                _buckets.TryRemove(KeyValuePair.Create(address, bucket));
            }
        }

        return _buckets.Count < maxSources;
    }

    private double ElapsedSeconds(long from, long to) => (double)(to - from) / time.TimestampFrequency;

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens { get; set; } = tokens;

        public long Stamp { get; set; } = stamp;

        public void Refill(double add, int burst) => Tokens = Math.Min(burst, Tokens + add);
    }
}
