using System.Net;
using System.Net.Sockets;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>Free loopback UDP ports for nodes that must know each other's port before they start.</summary>
internal static class UdpPorts
{
    public static int[] Reserve(int count)
    {
        // Hold them all at once so the same port is not handed out twice, then let them go.
        var sockets = Enumerable.Range(0, count).Select(_ =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return socket;
        }).ToList();
        var ports = sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).ToArray();
        sockets.ForEach(s => s.Dispose());
        return ports;
    }
}
