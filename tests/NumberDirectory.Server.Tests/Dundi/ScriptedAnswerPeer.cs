using System.Net;
using System.Net.Sockets;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;
using NumberDirectory.Core.Tests.Dundi;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>
/// Plays stock Asterisk C answering the node's DPDISCOVER: an ACK, then a DPRESPONSE|FINAL shaped like
/// the captured fixture 13 (ANSWERs, HINT UNAFFECTED, EXPIRATION), with the ANSWERs a test scripts
/// per number (the dests a dundi.conf mapping would produce).
/// </summary>
internal sealed class ScriptedAnswerPeer : IDisposable
{
    public static readonly NodeId Eid = NodeId.Parse("02:00:00:00:00:0c");

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string, IReadOnlyList<(ushort Weight, string Dest)>> _answers;
    private readonly Task _loop;
    private int _discovers;
    private ushort _nextTransaction = 0x16ce;

    public ScriptedAnswerPeer(Func<string, IReadOnlyList<(ushort Weight, string Dest)>> answers)
    {
        _answers = answers;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _loop = RunAsync();
    }

    public int Port { get; }

    /// <summary>DPDISCOVERs received (retransmissions of one query count once).</summary>
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

    private async Task RunAsync()
    {
        var buffer = new byte[9000];
        var answered = new HashSet<ushort>();
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

            if (!DundiCodec.TryDecode(buffer.AsSpan(0, received.ReceivedBytes), out var query, out _) || query.Command != DundiCommand.DpDiscover)
            {
                continue;
            }

            if (answered.Add(query.SourceTransactionId))
            {
                Interlocked.Increment(ref _discovers);
            }

            foreach (var reply in Replies(query))
            {
                _socket.SendTo(DundiCodec.Encode(reply), received.RemoteEndPoint);
            }
        }
    }

    private DundiMessage[] Replies(DundiMessage query)
    {
        var ours = _nextTransaction++;
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(12).Wire, out var ack, out _));
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(13).Wire, out var captured, out _));
        var answers = _answers(query.CalledNumber ?? string.Empty)
            .Select(a => DundiElement.Answer(new DundiAnswer(Eid, DundiProtocol.Sip, RouteFlags.Exists, a.Weight, a.Dest)));
        return
        [
            ack with { SourceTransaction = ours, DestinationTransaction = query.SourceTransactionId },
            captured with
            {
                SourceTransaction = ours,
                DestinationTransaction = query.SourceTransactionId,
                Elements = [.. answers, .. captured.Elements.Where(e => e.Type != DundiIeType.Answer)],
            },
        ];
    }
}
