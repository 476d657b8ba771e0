using System.Net.Sockets;
using System.Text;

namespace NumberDirectory.Server.Tests.Hosting;

/// <summary>
/// The service manager's end of sd_notify: a Unix datagram socket the node finds in
/// <c>NOTIFY_SOCKET</c> and sends its state to (<c>READY=1</c>, <c>STOPPING=1</c>), as systemd opens
/// one for a <c>Type=notify</c> service.
/// </summary>
internal sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    public NotifySocket(string directory)
    {
        Path = System.IO.Path.Combine(directory, "notify");
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
    }

    /// <summary>The value for <c>NOTIFY_SOCKET</c>.</summary>
    public string Path { get; }

    /// <summary>The next message, or null when none came within <paramref name="wait"/>.</summary>
    public async Task<string?> ReceiveAsync(TimeSpan wait)
    {
        using var limit = new CancellationTokenSource(wait);
        var buffer = new byte[4096];
        try
        {
            var read = await _socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
            return Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Every message already received and not read yet, without waiting.</summary>
    public List<string> Pending()
    {
        var messages = new List<string>();
        var buffer = new byte[4096];
        while (_socket.Available > 0)
        {
            var read = _socket.Receive(buffer);
            messages.Add(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return messages;
    }

    public void Dispose() => _socket.Dispose();
}
