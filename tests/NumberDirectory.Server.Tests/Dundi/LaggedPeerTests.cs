using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Peers;
using NumberDirectory.Server.Dundi;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>A peer that answers qualify probes, but slower than its configured maximum, is not asked.</summary>
public sealed class LaggedPeerTests : IDisposable
{
    private static readonly NodeId Slow = NodeId.Parse("00:00:5e:00:53:b9");
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task LaggedPeer_IsMarkedLaggedAndThenLeftOutOfLookupsWhichFailRatherThanSayNotFound()
    {
        using var slowPeer = new SlowPeer(TimeSpan.FromMilliseconds(150));
        await using var node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?>
        {
            ["Dundi:Peers:0:Id"] = Slow.ToString(),
            ["Dundi:Peers:0:Host"] = "127.0.0.1",
            ["Dundi:Peers:0:Port"] = slowPeer.Port.ToString(CultureInfo.InvariantCulture),
            ["Dundi:Peers:0:Model"] = "outbound",
            ["Dundi:Peers:0:Include:0"] = "e164",
            ["Dundi:Peers:0:Qualify"] = "true",
            ["Dundi:Peers:0:QualifyMaxMs"] = "50",
            ["Dundi:RetransmitInitialMs"] = "1000",
        });
        var peer = node.Services.GetRequiredService<DundiPeerTable>().All.Single();
        var lagged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        node.Services.GetRequiredService<DundiQualifier>().Probed += (p, state) =>
        {
            if (state == PeerReachability.Lagged)
            {
                lagged.TrySetResult();
            }
        };
        if (peer.Reachability != PeerReachability.Lagged)
        {
            await lagged.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        using var response = await node.Http.GetAsync(new Uri("/lookup/4001?format=json", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(PeerReachability.Lagged, peer.Reachability);
        // Over the configured maximum (50 ms) is what makes the peer lagged. Not asserted against the
        // responder's 150 ms delay: the runtime's timers count whole milliseconds, so that delay can
        // end a fraction of a millisecond early.
        Assert.True(peer.RoundTrip >= TimeSpan.FromMilliseconds(100), $"round trip {peer.RoundTrip}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(0, slowPeer.Discovers);
        Assert.Contains("\"status\":\"ERROR\"", body, StringComparison.Ordinal);
    }

    /// <summary>Answers NULL probes with ACK|FINAL after a fixed delay; counts the queries it gets.</summary>
    private sealed class SlowPeer : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentBag<Task> _replies = [];
        private readonly Task _loop;
        private int _discovers;

        public SlowPeer(TimeSpan delay)
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
            _loop = RunAsync(delay);
        }

        public int Port { get; }

        public int Discovers => Volatile.Read(ref _discovers);

        public void Dispose()
        {
            _stop.Cancel();
            _socket.Dispose();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }

            _stop.Dispose();
        }

        private async Task RunAsync(TimeSpan delay)
        {
            var buffer = new byte[9000];
            while (!_stop.IsCancellationRequested)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                if (!DundiCodec.TryDecode(buffer.AsSpan(0, received.ReceivedBytes), out var message, out _))
                {
                    continue;
                }

                if (message.Command == DundiCommand.DpDiscover)
                {
                    Interlocked.Increment(ref _discovers);
                }

                if (message.Command == DundiCommand.Null && message.IsFinal)
                {
                    var to = received.RemoteEndPoint;
                    var ack = new DundiMessage { SourceTransaction = 77, DestinationTransaction = message.SourceTransactionId, InboundSequence = 1, Command = DundiCommand.Ack, IsFinal = true };
                    _replies.Add(Task.Delay(delay, _stop.Token).ContinueWith(_ => _socket.SendTo(DundiCodec.Encode(ack), to), TaskScheduler.Default));
                }
            }
        }
    }
}
