using System.Net;
using System.Net.Sockets;
using NumberDirectory.Server.Agi;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Agi;

/// <summary>Who may connect, how many at once, and what happens when the port is taken.</summary>
public sealed class AgiListenerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Connect_ClientOutsideTheAllowList_IsDisconnectedWithoutCommands()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?> { ["Agi:AllowedClients:0"] = "192.0.2.0/24" });
        await using var client = await AgiTestClient.ConnectAsync(node.Agi);
        await client.SendHeaderAsync("4001");

        Assert.True(await client.ClosedByNodeAsync());
        Assert.Empty(client.Commands);
        Assert.Equal(1, node.Services.GetRequiredService<NodeMetrics>().Rejections("agi", "client-not-allowed"));
    }

    [Fact]
    public async Task Connect_BeyondMaxSessions_IsClosedAtOnceAndTheOthersCarryOn()
    {
        var settings = Ranges.Config(("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 10));
        settings["Agi:MaxSessions"] = "1";
        await using var node = await TestNode.StartAsync(_temp.Data(), settings);
        var listener = node.Services.GetRequiredService<AgiListener>();
        await using var first = await AgiTestClient.ConnectAsync(node.Agi);
        await first.SendHeaderAsync("4001");
        Assert.NotNull(await first.ReadCommandAsync());

        await using var second = await AgiTestClient.ConnectAsync(node.Agi);
        Assert.True(await second.ClosedByNodeAsync());
        Assert.Equal(1, node.Services.GetRequiredService<NodeMetrics>().Rejections("agi", "max-sessions"));

        await first.ReplyAsync("200 result=1");
        await first.AnswerAllAsync();
        Assert.Equal("FOUND", first.Variables["ND_STATUS"]);
        await listener.WhenIdleAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, listener.ActiveSessions);
    }

    [Fact]
    public async Task Start_PortInUse_StopsStartupNamingAgiListen()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var app = TestNode.Build(_temp.Data(), new Dictionary<string, string?> { ["Agi:Listen"] = taken.LocalEndPoint!.ToString() });
        try
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

            Assert.Equal($"Agi:Listen {taken.LocalEndPoint}: cannot bind (the port is in use by another program)", NumberDirectoryNode.StartupFailure(ex));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
