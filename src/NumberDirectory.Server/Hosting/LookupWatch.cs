using NumberDirectory.Core.Lookup;

namespace NumberDirectory.Server.Hosting;

/// <summary>
/// Hands the lookups the doors answer to whoever watches them (the admin API's watch stream). Costs a
/// field read per lookup while nobody watches. Each watcher has a bounded buffer: when it reads too
/// slowly, new events are dropped and counted for it rather than queued without bound or slowing a
/// door (docs/architecture.md §Admin API). While the status page is on, every lookup also goes to its
/// bounded <see cref="LookupHistory"/> (docs/status-page.md §Lookups).
/// </summary>
internal sealed class LookupWatch(TimeProvider time, LookupHistory history)
{
    /// <summary>Events buffered for one watcher before it starts losing them.</summary>
    public const int BufferPerWatcher = 1024;

    /// <summary>Watchers at once: each holds a buffer, so their number is bounded too.</summary>
    public const int MaxWatchers = 16;

    private readonly Lock _lock = new();
    private LookupWatcher[] _watchers = [];

    /// <summary>True while someone watches, or the status page keeps a history; a door skips building the event otherwise.</summary>
    public bool Watched => history.Enabled || Watchers > 0;

    /// <summary>How many watch now.</summary>
    public int Watchers => Volatile.Read(ref _watchers).Length;

    /// <summary>Hands one answered lookup to the watchers whose filter takes it.</summary>
    public void Report(string door, string client, string number, string context, LookupResult result, TimeSpan latency)
    {
        ArgumentNullException.ThrowIfNull(result);
        var watchers = Volatile.Read(ref _watchers);
        if ((watchers.Length == 0 && !history.Enabled) || NodeMetrics.IsUncounted)
        {
            return;
        }

        var seen = new LookupSeen(
            time.GetUtcNow(),
            door,
            client,
            number,
            context,
            result.Status,
            result.Partial,
            latency,
            result.Routes.Length,
            [.. result.Routes.Select(r => r.AnsweredBy).Distinct()],
            result.Status == LookupStatus.Failed && !result.Trace.IsDefaultOrEmpty ? result.Trace[^1].Message : null);
        if (history.Enabled)
        {
            history.Add(seen);
        }

        foreach (var watcher in watchers)
        {
            watcher.Offer(seen);
        }
    }

    /// <summary>
    /// Starts watching the lookups <paramref name="filter"/> takes; null when <see cref="MaxWatchers"/>
    /// watch already. Dispose the watcher to stop.
    /// </summary>
    public LookupWatcher? TryWatch(Func<LookupSeen, bool> filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_lock)
        {
            if (_watchers.Length >= MaxWatchers)
            {
                return null;
            }

            var watcher = new LookupWatcher(Remove, filter);
            _watchers = [.. _watchers, watcher];
            return watcher;
        }
    }

    private void Remove(LookupWatcher watcher)
    {
        lock (_lock)
        {
            _watchers = [.. _watchers.Where(w => w != watcher)];
        }
    }
}
