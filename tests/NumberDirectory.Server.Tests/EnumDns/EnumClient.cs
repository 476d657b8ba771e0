using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using DnsClient;

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>DnsClient as the tests' resolver, pointed at one node's ENUM door; and raw UDP/TCP for what it cannot send.</summary>
internal static class EnumClient
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>A client that asks the door once (no cache, no retry); <paramref name="tcpOnly"/> for TCP, <paramref name="buffer"/> as the EDNS payload it offers.</summary>
    public static LookupClient For(IPEndPoint door, bool tcpOnly = false, bool tcpFallback = true, int buffer = 1232) =>
        new(new LookupClientOptions(new NameServer(door))
        {
            UseCache = false,
            Retries = 0,
            Timeout = Timeout,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
            UseTcpOnly = tcpOnly,
            UseTcpFallback = tcpFallback,
            ExtendedDnsBufferSize = buffer,
            Recursion = true,
        });

    /// <summary>One UDP query and its answer (the first datagram whose ID matches).</summary>
    public static async Task<byte[]> UdpAsync(IPEndPoint door, byte[] query)
    {
        using var socket = new Socket(door.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(door);
        await socket.SendAsync(query, SocketFlags.None);
        return await ReceiveAsync(socket, BinaryPrimitives.ReadUInt16BigEndian(query));
    }

    public static async Task<byte[]> ReceiveAsync(Socket socket, ushort id)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var buffer = new byte[65535];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (received >= 2 && BinaryPrimitives.ReadUInt16BigEndian(buffer) == id)
            {
                return buffer[..received];
            }
        }
    }

    /// <summary>Several queries written at once on one TCP connection, and the answers in the order they came.</summary>
    public static async Task<List<byte[]>> TcpAsync(IPEndPoint door, params byte[][] queries)
    {
        using var socket = new Socket(door.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(door);
        var framed = queries.SelectMany(q => new[] { (byte)(q.Length >> 8), (byte)q.Length }.Concat(q)).ToArray();
        await socket.SendAsync(framed, SocketFlags.None);
        using var timeout = new CancellationTokenSource(Timeout);
        var answers = new List<byte[]>();
        var prefix = new byte[2];
        while (answers.Count < queries.Length)
        {
            await ReadAsync(socket, prefix, timeout.Token);
            var answer = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            await ReadAsync(socket, answer, timeout.Token);
            answers.Add(answer);
        }

        return answers;
    }

    public static async Task ReadAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
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
}
