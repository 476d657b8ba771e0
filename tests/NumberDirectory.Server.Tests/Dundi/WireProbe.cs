using System.Net;
using System.Net.Sockets;
using NumberDirectory.Core.Dundi;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>A bare UDP socket on loopback that sends raw packets (e.g. captured Asterisk bytes) and reads the replies.</summary>
internal sealed class WireProbe : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private IPEndPoint _target;

    public WireProbe(IPEndPoint target, IPAddress? from = null)
    {
        _target = target;
        _socket.Bind(new IPEndPoint(from ?? IPAddress.Loopback, 0));
    }

    /// <summary>The port this probe sends from.</summary>
    public int LocalPort => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>Sends to another address from now on (a probe bound before the node it talks to).</summary>
    public void Retarget(IPEndPoint target) => _target = target;

    public void Send(byte[] datagram) => _socket.SendTo(datagram, _target);

    public void Send(DundiMessage message) => Send(DundiCodec.Encode(message));

    /// <summary>The next packet from the node, or null when none arrives within <paramref name="wait"/>.</summary>
    public async Task<DundiMessage?> ReceiveAsync(TimeSpan? wait = null)
    {
        var buffer = new byte[9000];
        using var timeout = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(10));
        try
        {
            var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
            Assert.True(DundiCodec.TryDecode(buffer.AsSpan(0, received.ReceivedBytes), out var message, out var error), error.ToString());
            return message;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The next datagram from the node as it came, or null when none arrives within <paramref name="wait"/>.</summary>
    public async Task<byte[]?> ReceiveRawAsync(TimeSpan wait)
    {
        var buffer = new byte[9000];
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
            return buffer[..received.ReceivedBytes];
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Reads until a packet other than ACK arrives (an answer may follow its ACK).</summary>
    public async Task<DundiMessage> ReceiveAnswerAsync()
    {
        while (true)
        {
            var message = await ReceiveAsync() ?? throw new Xunit.Sdk.XunitException("no answer from the node");
            if (message.Command != DundiCommand.Ack)
            {
                return message;
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
