namespace NumberDirectory.Server.Dundi;

/// <summary>
/// When each peer is next due for a periodic exchange (qualify probes, registrations), checked once a
/// second; an answer or a failure can move a peer's turn earlier or later.
/// </summary>
internal sealed class PeerSchedule(TimeProvider time)
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly Dictionary<DundiPeer, DateTimeOffset> _due = [];

    /// <summary>Sets when <paramref name="peer"/> is next due.</summary>
    public void Next(DundiPeer peer, TimeSpan after)
    {
        lock (_due)
        {
            _due[peer] = time.GetUtcNow() + after;
        }
    }

    /// <summary>
    /// Every second, calls <paramref name="run"/> for each of <paramref name="peers"/> that is due (a
    /// peer never seen, one added or changed at runtime included, is due at once), after booking its
    /// next turn <paramref name="interval"/> later. <paramref name="peers"/> is asked again every second.
    /// </summary>
    public async Task RunAsync(Func<IEnumerable<DundiPeer>> peers, TimeSpan interval, Action<DundiPeer> run, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var current = peers().ToList();
            lock (_due)
            {
                // A peer removed or replaced at runtime is no longer listed: forget its turn.
                if (_due.Count > current.Count)
                {
                    foreach (var gone in _due.Keys.Except(current).ToList())
                    {
                        _due.Remove(gone);
                    }
                }
            }

            foreach (var peer in current)
            {
                bool due;
                lock (_due)
                {
                    due = !_due.TryGetValue(peer, out var at) || at <= now;
                    if (due)
                    {
                        _due[peer] = now + interval;
                    }
                }

                if (due)
                {
                    run(peer);
                }
            }

            try
            {
                await Task.Delay(Tick, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
