using System.Threading.Channels;

namespace NumberDirectory.Cli;

/// <summary>
/// What <c>numdir watch</c> holds between the node's stream and a terminal that may print more slowly than
/// lookups happen: a bounded queue that drops its oldest item when full, so the stream is always read (the node
/// never sees a stalled watcher) and what is printed is the most recent; it counts what it dropped.
/// </summary>
internal sealed class WatchBuffer<T>
{
    private readonly Channel<T> _channel;
    private long _dropped;

    public WatchBuffer(int capacity) =>
        _channel = Channel.CreateBounded<T>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            _ => Interlocked.Increment(ref _dropped));

    public ChannelReader<T> Reader => _channel.Reader;

    /// <summary>Queues an item, dropping the oldest when full; never waits.</summary>
    public void Add(T item) => _channel.Writer.TryWrite(item);

    /// <summary>No more items; <paramref name="failure"/> is thrown to the reader once it has read the rest.</summary>
    public void Complete(Exception? failure = null) => _channel.Writer.TryComplete(failure);

    /// <summary>How many items were dropped since the last call.</summary>
    public long TakeDropped() => Interlocked.Exchange(ref _dropped, 0);
}
