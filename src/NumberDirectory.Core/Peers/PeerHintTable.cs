using System.Collections.Concurrent;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Peers;

/// <summary>
/// "Don't ask me about numbers starting with P" hints received from peers, kept until they expire,
/// so the fan-out skips a peer that already said it has nothing there.
/// </summary>
/// <remarks>docs/protocols/dundi.md §Negative knowledge; docs/architecture.md §Negative caching.</remarks>
public sealed class PeerHintTable(TimeProvider timeProvider, int maxHints = 100_000)
{
    // Expired hints are also dropped this often while there is room, so hints about prefixes nobody
    // asks again do not pile up until the bound.
    private static readonly long SweepIntervalTicks = TimeSpan.FromSeconds(30).Ticks;

    private long _nextSweep;
    private long _nextPeriodicSweep = long.MinValue;

    private readonly ConcurrentDictionary<(NodeId Peer, string Context, string Prefix), (DateTimeOffset Expires, DateTimeOffset Learned)> _hints = new();

    /// <summary>Number of hints held (expired ones included until they are next looked at).</summary>
    public int Count => _hints.Count;

    /// <summary>Remembers that <paramref name="peer"/> has nothing for <paramref name="prefix"/> in <paramref name="context"/> for <paramref name="lifetime"/>.</summary>
    public void Add(NodeId peer, string context, string prefix, TimeSpan lifetime)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        var due = Interlocked.Read(ref _nextPeriodicSweep);
        if (now.UtcTicks >= due && Interlocked.CompareExchange(ref _nextPeriodicSweep, now.UtcTicks + SweepIntervalTicks, due) == due)
        {
            DropExpired(now);
        }

        var key = (peer, context, prefix);
        if (_hints.Count >= maxHints && !_hints.ContainsKey(key) && !SweepExpired(now))
        {
            // Full of live hints: this one is not kept. The peer is asked again next time, which
            // costs a query, never a wrong answer.
            return;
        }

        _hints[key] = (now + lifetime, now);
    }

    /// <summary>True when a live hint of <paramref name="peer"/> covers <paramref name="digits"/>; gives the prefix.</summary>
    public bool Covers(NodeId peer, string context, string digits, out string prefix)
    {
        var now = timeProvider.GetUtcNow();
        for (var length = 0; length <= digits.Length; length++)
        {
            var key = (peer, context, digits[..length]);
            if (_hints.TryGetValue(key, out var hint))
            {
                if (hint.Expires > now)
                {
                    prefix = key.Item3;
                    return true;
                }

                _hints.TryRemove(KeyValuePair.Create(key, hint));
            }
        }

        prefix = string.Empty;
        return false;
    }

    /// <summary>Drops expired hints, at most once a second; true when there is room afterwards.</summary>
    private bool SweepExpired(DateTimeOffset now)
    {
        var next = Interlocked.Read(ref _nextSweep);
        if (now.UtcTicks >= next && Interlocked.CompareExchange(ref _nextSweep, now.UtcTicks + TimeSpan.TicksPerSecond, next) == next)
        {
            DropExpired(now);
        }

        return _hints.Count < maxHints;
    }

    private void DropExpired(DateTimeOffset now)
    {
        foreach (var (key, hint) in _hints)
        {
            if (hint.Expires <= now)
            {
                _hints.TryRemove(KeyValuePair.Create(key, hint));
            }
        }
    }

    /// <summary>Forgets every hint of one peer.</summary>
    public void FlushPeer(NodeId peer)
    {
        foreach (var key in _hints.Keys.Where(k => k.Peer == peer))
        {
            _hints.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// Forgets the hints about <paramref name="contexts"/> learned at or after <paramref name="since"/>,
    /// from any peer: a peer's "nothing here" may have been concluded while another peer was away.
    /// </summary>
    public int FlushLearnedSince(IReadOnlyCollection<string> contexts, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        var removed = 0;
        foreach (var (key, hint) in _hints)
        {
            if (hint.Learned >= since && contexts.Contains(key.Context) && _hints.TryRemove(KeyValuePair.Create(key, hint)))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Forgets everything.</summary>
    public void Clear() => _hints.Clear();
}
