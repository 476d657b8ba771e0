using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NumberDirectory.Bench.Soak;

/// <summary>
/// <see cref="HostilePackets"/> at a DUNDi port from 127.0.0.2 (a source that is no peer's address), at a
/// fixed rate in 10 ms bursts until a moment; counts what it sent and what came back, so any reply larger
/// than what provoked it, or more replies than packets, shows.
/// </summary>
internal sealed class HostileStream : IDisposable
{
    public static readonly IPAddress Source = IPAddress.Parse("127.0.0.2");

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _target;
    private readonly HostilePackets _packets = new(20261208);
    private long _sent;
    private long _sentBytes;
    private long _replies;
    private long _replyBytes;

    public HostileStream(IPEndPoint target)
    {
        _target = target;
        _socket.Bind(new IPEndPoint(Source, 0));
    }

    public long Sent => Interlocked.Read(ref _sent);

    public long SentBytes => Interlocked.Read(ref _sentBytes);

    public long Replies => Interlocked.Read(ref _replies);

    public long ReplyBytes => Interlocked.Read(ref _replyBytes);

    public async Task RunAsync(int perSecond, long untilTimestamp, CancellationToken cancellationToken)
    {
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = ReadRepliesAsync(stopReading.Token);
        var start = Stopwatch.GetTimestamp();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (Stopwatch.GetTimestamp() < untilTimestamp && await tick.WaitForNextTickAsync(cancellationToken))
        {
            // Catch up to the schedule, so timer jitter does not lower the rate; but never more than a
            // tenth of a second's worth at once, so a stall of this process does not end in a burst.
            var due = Math.Min((long)(Stopwatch.GetElapsedTime(start).TotalSeconds * perSecond), Sent + (perSecond / 10));
            while (Sent < due)
            {
                var (_, datagram) = _packets.Next();
                await _socket.SendToAsync(datagram, SocketFlags.None, _target, cancellationToken);
                Interlocked.Increment(ref _sent);
                Interlocked.Add(ref _sentBytes, datagram.Length);
            }
        }

        // Replies to the last packets may still be on their way.
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        await stopReading.CancelAsync();
        await reading;
    }

    public void Dispose() => _socket.Dispose();

    private async Task ReadRepliesAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[9000];
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cancellationToken);
                Interlocked.Increment(ref _replies);
                Interlocked.Add(ref _replyBytes, received.ReceivedBytes);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
