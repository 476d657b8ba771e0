using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Fuzz.Engine;
using NumberDirectory.Fuzz.Seeds;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Fuzz.Targets;

/// <summary>
/// A whole node (the real responder, cipher and lookup pipeline) in node B's place of the captures, its
/// clock in the target's hand: A (keyed with nodea.pub, at 127.0.0.1) and C (plaintext, at 127.0.0.3) are
/// its peers on loopback sockets. Each input goes through the DUNDi door's dispatch path from a source that
/// is no peer, from A and from C (a reply's dtrans pointed at the transaction the node last spoke on with
/// that peer). Never throws or logs an error; the stranger gets at most one datagram, never larger than
/// its packet, and leaves no transaction; once every deadline has passed no transaction is left, and A's
/// encrypted query and C's plaintext one, sent over the real socket, are still answered.
/// </summary>
public sealed class DundiNodeTarget : IFuzzTarget
{
    private static readonly NodeId PeerC = NodeId.Parse("02:00:00:00:00:0c");

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly Socket _a = Bound(IPAddress.Loopback);
    private readonly Socket _c = Bound(IPAddress.Parse("127.0.0.3"));
    private readonly IPEndPoint _stranger = new(IPAddress.Parse("127.0.0.2"), 4599);
    private readonly FuzzNode _node;
    private readonly DundiEndpoint _endpoint;
    private readonly NodeMetrics _metrics;
    private readonly SentLog _sent = new();
    private readonly ushort[] _lastOurId = new ushort[2];
    private ushort _query = 0x6000;

    public DundiNodeTarget()
    {
        _node = FuzzNode.Start(
            new Dictionary<string, string?>
            {
                // The clock stands still between settles: a share that never refills would silence every refusal.
                ["Dundi:UnauthenticatedRepliesPerSecond"] = "100000",
                ["Dundi:UnauthenticatedReplyBurst"] = "100000",
                ["Dundi:Peers:0:Id"] = "02:00:00:00:00:0a",
                ["Dundi:Peers:0:Host"] = "127.0.0.1",
                ["Dundi:Peers:0:Port"] = FuzzNode.Port(Endpoint(_a).Port),
                ["Dundi:Peers:0:Model"] = "inbound",
                ["Dundi:Peers:0:Permit:0"] = "e164",
                ["Dundi:Peers:0:Qualify"] = "false",
                ["Dundi:Peers:0:InKey"] = Path.Combine(FixtureKeys.Directory, "nodea.pub"),
                ["Dundi:Peers:1:Id"] = PeerC.ToString(),
                ["Dundi:Peers:1:Host"] = "127.0.0.3",
                ["Dundi:Peers:1:Port"] = FuzzNode.Port(Endpoint(_c).Port),
                ["Dundi:Peers:1:Model"] = "symmetric",
                ["Dundi:Peers:1:Include:0"] = "e164",
                ["Dundi:Peers:1:Permit:0"] = "e164",
                ["Dundi:Peers:1:Qualify"] = "false",
            },
            _time);
        _endpoint = _node.Get<DundiEndpoint>();
        _metrics = _node.Get<NodeMetrics>();
        _endpoint.Sent += _sent.Add;
    }

    public string Name => "dundi-node";

    public IReadOnlyList<byte[]> Seeds { get; } = GoldenCaptures.Wire;

    public IReadOnlyList<byte[]> Tokens => GoldenCaptures.Tokens;

    public int MaxInputLength => DundiCodec.MaxDatagramLength + 1;

    public IReadOnlyList<int> LengthFields(byte[] input) => GoldenCaptures.IeLengthFields(input);

    public string Run(ReadOnlySpan<byte> input)
    {
        var before = _endpoint.TransactionCount;
        _sent.Clear();
        _endpoint.Dispatch(input, _stranger);
        _node.Errors.ThrowIfAny();
        var stranger = _sent.CheckReplyTo(_stranger, input.Length);
        FuzzInvariantException.Check(_endpoint.TransactionCount <= before, "a packet from a source that is no peer left a transaction behind");

        _sent.Clear();
        foreach (var (peer, index) in new[] { (Endpoint(_a), 0), (Endpoint(_c), 1) })
        {
            // A reply (dtrans set) goes to the transaction the node last spoke on with that peer, so packets land inside transactions too.
            var datagram = input.ToArray();
            if (datagram.Length >= DundiCodec.HeaderLength && (datagram[2] | datagram[3]) != 0 && _lastOurId[index] != 0)
            {
                datagram[2] = (byte)(_lastOurId[index] >> 8);
                datagram[3] = (byte)_lastOurId[index];
            }

            var opened = _endpoint.TransactionCount;
            _endpoint.Dispatch(datagram, peer);
            var sent = _sent.To(peer);
            FuzzInvariantException.Check(_endpoint.TransactionCount <= opened || sent.Count > 0, "a packet from a peer opened a transaction that sent it nothing, not even an ACK");
            if (sent.Count > 0)
            {
                _lastOurId[index] = sent[^1].SourceTransactionId;
            }
        }

        _node.Errors.ThrowIfAny();
        return $"stranger {stranger}, A {SentLog.Word(_sent.To(Endpoint(_a)))}, C {SentLog.Word(_sent.To(Endpoint(_c)))}";
    }

    public void Settle()
    {
        // Lookups run on the thread pool while the clock moves: one may still open its fan-out transaction
        // to C near the end of an advance, with a whole lifetime ahead of it. So the clock moves past every
        // lifetime up to three times, and only a transaction that outlives them all is one left behind.
        for (var round = 0; round < 3 && (round == 0 || _endpoint.TransactionCount > 0); round++)
        {
            for (var second = 0; second < 45; second++)
            {
                _time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        _node.Errors.ThrowIfAny();
        FuzzInvariantException.Check(_metrics.Rejections(DundiEndpoint.Door, "handler-error") == 0, "the DUNDi door counted a handler error");
        FuzzInvariantException.Check(_endpoint.TransactionCount == 0, $"{_endpoint.TransactionCount} transactions still open after every deadline passed, three times over");

        // A's query of capture 52 (full key, encrypted) under a transaction id of its own, and C's plaintext one.
        var fromA = GoldenCaptures.Number(52).Wire.ToArray();
        fromA[0] = (byte)(_query >> 8);
        fromA[1] = (byte)_query;
        FuzzInvariantException.Check(Answered(_a, fromA) == DundiCommand.Encrypt, "the node no longer answers its keyed peer's query");
        var fromC = DundiCodec.Encode(new DundiMessage
        {
            SourceTransaction = _query,
            Command = DundiCommand.DpDiscover,
            Elements = [DundiElement.Version(), DundiElement.EidDirect(PeerC), DundiElement.CalledNumber("4001"), DundiElement.CalledContext("e164"), DundiElement.Ttl(32)],
        });
        FuzzInvariantException.Check(Answered(_c, fromC) == DundiCommand.DpResponse, "the node no longer answers its plaintext peer's query");
        _query = (ushort)(0x6000 + ((_query + 1) & 0x0fff));
        Array.Clear(_lastOurId);
    }

    public void Dispose()
    {
        _node.Dispose();
        _a.Dispose();
        _c.Dispose();
    }

    private static Socket Bound(IPAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }

    private static IPEndPoint Endpoint(Socket socket) => (IPEndPoint)socket.LocalEndPoint!;

    /// <summary>Sends one query over the real socket and returns the command of the first reply that is not an ACK (null: none in 10 s).</summary>
    private DundiCommand? Answered(Socket peer, byte[] query)
    {
        var buffer = new byte[DundiCodec.MaxDatagramLength + 1];
        while (peer.Available > 0)
        {
            peer.Receive(buffer);
        }

        peer.SendTo(query, _endpoint.LocalEndpoint);
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            if (!peer.Poll(TimeSpan.FromMilliseconds(100), SelectMode.SelectRead))
            {
                continue;
            }

            var length = peer.Receive(buffer);
            if (DundiCodec.TryDecode(buffer.AsSpan(0, length), out var reply, out _) && reply.Command != DundiCommand.Ack
                && reply.DestinationTransaction == (ushort)((query[0] << 8) | query[1]))
            {
                return reply.Command;
            }
        }

        return null;
    }
}
