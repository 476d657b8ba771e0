using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NumberDirectory.Server.Tests.Http;

/// <summary>What one HTTP client can make the door hold: connections, header bytes, and time.</summary>
public sealed class HttpLimitsTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private TestNode _node = null!;

    public async Task InitializeAsync() =>
        _node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?>
        {
            ["Http:MaxConnections"] = "2",
            ["Http:MaxHeaderBytes"] = "1024",
            ["Http:HeaderTimeoutMs"] = "1000",
        });

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _temp.Dispose();
    }

    private IPEndPoint Endpoint => new(IPAddress.Loopback, _node.Address.Port);

    [Fact]
    public async Task HeadersOverMaxHeaderBytes_Get431()
    {
        using var client = new HttpClient { BaseAddress = _node.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("X-Padding", new string('x', 2000));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task ConnectionsOverMaxConnections_AreClosedWhileTheOpenOnesAreServed()
    {
        using var first = await ConnectAsync();
        using var second = await ConnectAsync();
        Assert.StartsWith("HTTP/1.1 200", await RequestAsync(first, "/health"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200", await RequestAsync(second, "/health"), StringComparison.Ordinal);

        using var third = await ConnectAsync();
        var answer = await RequestAsync(third, "/health");

        Assert.Equal(string.Empty, answer);
        Assert.StartsWith("HTTP/1.1 200", await RequestAsync(first, "/health"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientThatNeverFinishesItsHeaders_IsDisconnected()
    {
        using var slow = await ConnectAsync();
        await slow.SendAsync(Encoding.ASCII.GetBytes("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: "), SocketFlags.None);

        // Kestrel checks its timeouts once a second: well within ten the connection is gone.
        var buffer = new byte[1024];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await slow.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
        var text = Encoding.ASCII.GetString(buffer, 0, read);

        Assert.True(read == 0 || text.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), text);
    }

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(Endpoint);
        return socket;
    }

    /// <summary>One keep-alive request; the response's head, or empty when the server closed the connection.</summary>
    private static async Task<string> RequestAsync(Socket socket, string path)
    {
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n"), SocketFlags.None);
            var buffer = new byte[4096];
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (SocketException)
        {
            return string.Empty;
        }
    }
}
