using System.Net;
using System.Net.Sockets;

namespace NumberDirectory.Bench.Soak;

/// <summary>Every listener of one node, each on a free loopback port, so two nodes never meet on a default.</summary>
internal sealed record NodeEndpoints(IPEndPoint Http, IPEndPoint Agi, IPEndPoint Dundi, IPEndPoint Enum, IPEndPoint Admin)
{
    public static NodeEndpoints Free() => new(
        Port(SocketType.Stream, ProtocolType.Tcp),
        Port(SocketType.Stream, ProtocolType.Tcp),
        Port(SocketType.Dgram, ProtocolType.Udp),
        FreeOnBoth(),
        Port(SocketType.Stream, ProtocolType.Tcp));

    private static IPEndPoint Port(SocketType type, ProtocolType protocol)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    // The ENUM door listens on UDP and TCP on one port: take one that is free for both.
    private static IPEndPoint FreeOnBoth()
    {
        while (true)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var endpoint = (IPEndPoint)udp.LocalEndPoint!;
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(endpoint);
                return endpoint;
            }
            catch (SocketException)
            {
            }
        }
    }
}
