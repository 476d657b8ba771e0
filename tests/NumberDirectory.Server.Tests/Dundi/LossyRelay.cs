using System.Net;
using System.Net.Sockets;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>
/// A UDP relay on loopback between a node and its peer that drops datagrams from the node on request,
/// like a lossy link: the node must retransmit.
/// </summary>
internal sealed class LossyRelay : IDisposable
{
    private readonly Socket _front = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _back = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;
    private int _toDrop;
    private EndPoint? _client;

    public LossyRelay(IPEndPoint target)
    {
        _front.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _back.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_front.LocalEndPoint!).Port;
        _loops = [ForwardAsync(_front, _back, () => target, drop: true), ForwardAsync(_back, _front, () => _client, drop: false)];
    }

    /// <summary>Where the node should send to reach its peer.</summary>
    public int Port { get; }

    public int Dropped { get; private set; }

    /// <summary>Drops the next <paramref name="count"/> datagrams from the node.</summary>
    public void DropNext(int count) => Volatile.Write(ref _toDrop, count);

    public void Dispose()
    {
        _stop.Cancel();
        _front.Dispose();
        _back.Dispose();
        try
        {
            Task.WaitAll(_loops, TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task ForwardAsync(Socket from, Socket to, Func<EndPoint?> destination, bool drop)
    {
        var buffer = new byte[9000];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await from.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (drop)
            {
                _client = received.RemoteEndPoint;
                if (Volatile.Read(ref _toDrop) > 0 && Interlocked.Decrement(ref _toDrop) >= 0)
                {
                    Dropped++;
                    continue;
                }
            }

            if (destination() is { } target)
            {
                to.SendTo(buffer.AsSpan(0, received.ReceivedBytes), SocketFlags.None, target);
            }
        }
    }
}
