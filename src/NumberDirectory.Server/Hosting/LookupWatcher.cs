using System.Threading.Channels;

namespace NumberDirectory.Server.Hosting;

/// <summary>One watcher of <see cref="LookupWatch"/>: its bounded buffer and what it lost.</summary>
internal sealed class LookupWatcher : IDisposable
{
    private readonly Action<LookupWatcher> _remove;
    private readonly Func<LookupSeen, bool> _filter;
    private readonly Channel<LookupSeen> _buffer = Channel.CreateBounded<LookupSeen>(new BoundedChannelOptions(LookupWatch.BufferPerWatcher)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    private long _dropped;

    internal LookupWatcher(Action<LookupWatcher> remove, Func<LookupSeen, bool> filter)
    {
        _remove = remove;
        _filter = filter;
    }

    /// <summary>The events, in the order the doors answered them.</summary>
    public ChannelReader<LookupSeen> Events => _buffer.Reader;

    /// <summary>Events lost since the last call because the buffer was full; resets the count.</summary>
    public long TakeDropped() => Interlocked.Exchange(ref _dropped, 0);

    internal void Offer(LookupSeen seen)
    {
        // TryWrite never waits: a full buffer loses the newest event, counted, and the door goes on.
        if (_filter(seen) && !_buffer.Writer.TryWrite(seen))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    public void Dispose()
    {
        _remove(this);
        _buffer.Writer.TryComplete();
    }
}
