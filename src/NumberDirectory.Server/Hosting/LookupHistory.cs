using Microsoft.Extensions.Options;
using NumberDirectory.Core.Lookup;

namespace NumberDirectory.Server.Hosting;

/// <summary>
/// What the status page shows of the lookups the doors answered: the last
/// <c>Http:StatusPageRecentLookups</c> of them, and how many ended each way in each 10-second
/// interval of the last <see cref="Window"/>. Both are fixed-size rings, so memory stays bounded
/// however busy the node is; an interval's counts are reset when the ring comes round to it again.
/// </summary>
/// <remarks>docs/status-page.md §Lookups.</remarks>
internal sealed class LookupHistory
{
    /// <summary>The length of one interval of the activity ring.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>How far back the activity ring reaches.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private readonly LookupSeen?[] _recent;
    private readonly Bucket[] _buckets = new Bucket[(int)(Window / Interval)];
    private long _added;

    public LookupHistory(IOptions<HttpOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Enabled = options.Value.StatusPage;
        _recent = new LookupSeen?[Enabled ? options.Value.StatusPageRecentLookups : 0];
    }

    /// <summary>True when the status page is on: then every door hands its lookups here.</summary>
    public bool Enabled { get; }

    /// <summary>Keeps <paramref name="seen"/> among the recent lookups and counts it in its interval.</summary>
    public void Add(LookupSeen seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        var index = IntervalIndex(seen.At);
        lock (_lock)
        {
            if (_recent.Length > 0)
            {
                _recent[_added % _recent.Length] = seen;
                _added++;
            }

            ref var bucket = ref _buckets[index % _buckets.Length];
            if (bucket.Index != index)
            {
                bucket = new Bucket { Index = index };
            }

            bucket.Lookups++;
            switch (seen.Status)
            {
                case LookupStatus.NotFound:
                    bucket.NotFound++;
                    break;
                case LookupStatus.Failed or LookupStatus.Loop:
                    bucket.Failed++;
                    break;
            }
        }
    }

    /// <summary>The recent lookups, newest first.</summary>
    public IReadOnlyList<LookupSeen> Recent()
    {
        lock (_lock)
        {
            var count = (int)Math.Min(_added, _recent.Length);
            var latest = new List<LookupSeen>(count);
            for (var i = 1; i <= count; i++)
            {
                latest.Add(_recent[(_added - i) % _recent.Length]!);
            }

            return latest;
        }
    }

    /// <summary>Every interval of the window ending at <paramref name="now"/>, oldest first; those without lookups with zeros.</summary>
    public IReadOnlyList<LookupInterval> Activity(DateTimeOffset now)
    {
        var last = IntervalIndex(now);
        var intervals = new List<LookupInterval>(_buckets.Length);
        lock (_lock)
        {
            for (var index = last - _buckets.Length + 1; index <= last; index++)
            {
                var bucket = _buckets[index % _buckets.Length];
                var from = DateTimeOffset.UnixEpoch + (Interval * index);
                intervals.Add(bucket.Index == index
                    ? new LookupInterval(from, bucket.Lookups, bucket.NotFound, bucket.Failed)
                    : new LookupInterval(from, 0, 0, 0));
            }
        }

        return intervals;
    }

    private static long IntervalIndex(DateTimeOffset at) => Math.Max(0, (at - DateTimeOffset.UnixEpoch).Ticks / Interval.Ticks);

    private struct Bucket
    {
        public long Index;
        public int Lookups;
        public int NotFound;
        public int Failed;
    }
}
