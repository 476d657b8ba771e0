using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NumberDirectory.Bench.Soak;

/// <summary>
/// NAPTR queries on A's ENUM door: over UDP from a socket of each worker's own, and over TCP (RFC 7766
/// framing) a few queries per connection. NOERROR with answers for a local or remote number and
/// NXDOMAIN for a missing one are right; SERVFAIL, another answer or none within 2 s is an error.
/// </summary>
internal sealed class EnumLoad(IPEndPoint node, DoorStats udpStats, DoorStats tcpStats) : IDisposable
{
    private const int NoError = 0;
    private const int ServFail = 2;
    private const int NxDomain = 3;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    private readonly Socket _udp = Connected(node);
    private readonly byte[] _receive = new byte[4096];
    private ushort _id;

    public async Task UdpAsync(NumberKind kind, string number)
    {
        var id = ++_id;
        var started = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await _udp.SendAsync(EnumQuery.Build(id, number), SocketFlags.None, timeout.Token);
            while (true)
            {
                var length = await _udp.ReceiveAsync(_receive, SocketFlags.None, timeout.Token);
                if (length >= 12 && EnumQuery.Id(_receive) == id)
                {
                    Judge(udpStats, kind, _receive.AsSpan(0, length), started);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            udpStats.Error("timeout");
        }
    }

    /// <summary>One connection, <paramref name="numbers"/> queries written at once, answers read in turn.</summary>
    public async Task TcpAsync(IReadOnlyList<(NumberKind Kind, string Number)> numbers)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(node, timeout.Token);
            var framed = new List<byte>();
            for (var i = 0; i < numbers.Count; i++)
            {
                var query = EnumQuery.Build((ushort)(i + 1), numbers[i].Number);
                framed.Add((byte)(query.Length >> 8));
                framed.Add((byte)query.Length);
                framed.AddRange(query);
            }

            await socket.SendAsync(framed.ToArray(), SocketFlags.None, timeout.Token);
            var prefix = new byte[2];
            for (var i = 0; i < numbers.Count; i++)
            {
                await ReadAsync(socket, prefix, timeout.Token);
                var answer = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                await ReadAsync(socket, answer, timeout.Token);
                var id = EnumQuery.Id(answer);
                var kind = id >= 1 && id <= numbers.Count ? numbers[id - 1].Kind : NumberKind.Local;
                Judge(tcpStats, kind, answer, started);
            }
        }
        catch (OperationCanceledException)
        {
            tcpStats.Error("timeout");
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            tcpStats.Error("connection");
        }
    }

    public void Dispose() => _udp.Dispose();

    private static void Judge(DoorStats stats, NumberKind kind, ReadOnlySpan<byte> response, long started)
    {
        var code = EnumQuery.ResponseCode(response);
        var right = kind == NumberKind.Miss ? code == NxDomain : code == NoError && EnumQuery.AnswerCount(response) > 0;
        if (right)
        {
            stats.Answered(started);
        }
        else
        {
            stats.Error(code == ServFail ? "SERVFAIL" : code == NoError ? "NOERROR, no answer" : "rcode " + code);
        }
    }

    private static async Task ReadAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        for (var read = 0; read < buffer.Length;)
        {
            var got = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, cancellationToken);
            if (got == 0)
            {
                throw new IOException("the door closed the connection");
            }

            read += got;
        }
    }

    private static Socket Connected(IPEndPoint node)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(node);
        return socket;
    }
}
