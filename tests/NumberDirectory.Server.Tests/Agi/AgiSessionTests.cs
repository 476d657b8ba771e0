using System.Text;
using NumberDirectory.Server.Agi;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Agi;

/// <summary>
/// Sessions that go wrong: each one ends with the node closing the socket, the session count back at
/// zero and the node still answering.
/// </summary>
public sealed class AgiSessionTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _temp = new();
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        var settings = Ranges.Config(("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 10));
        // Short enough to keep the never-ending header test quick, long enough for a loaded machine to send a header.
        settings["Agi:HeaderTimeoutMs"] = "1000";
        _node = await TestNode.StartAsync(_temp.Data(), settings);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _temp.Dispose();
    }

    private AgiListener Listener => _node.Services.GetRequiredService<AgiListener>();

    private NodeMetrics Metrics => _node.Services.GetRequiredService<NodeMetrics>();

    private async Task AssertStillHealthyAsync()
    {
        await Listener.WhenIdleAsync(CancellationToken.None).WaitAsync(Patience);
        Assert.Equal(0, Listener.ActiveSessions);
        var v = await AgiTestClient.LookupAsync(_node.Agi, "4001");
        Assert.Equal("FOUND", v["ND_STATUS"]);
        Assert.StartsWith("status: ok\n", await _node.Http.GetStringAsync(new Uri("/health", UriKind.Relative)), StringComparison.Ordinal);
        await Listener.WhenIdleAsync(CancellationToken.None).WaitAsync(Patience);
    }

    [Fact]
    public async Task Session_HangupLineMidSession_NodeStopsAndCloses()
    {
        await using var client = await AgiTestClient.ConnectAsync(_node.Agi);
        await client.SendHeaderAsync("4001");
        Assert.NotNull(await client.ReadCommandAsync());
        await client.ReplyAsync("200 result=1");
        Assert.NotNull(await client.ReadCommandAsync());
        await client.ReplyAsync("HANGUP");

        Assert.True(await client.ClosedByNodeAsync());
        Assert.Equal(2, client.Commands.Count);
        await AssertStillHealthyAsync();
    }

    [Fact]
    public async Task Session_ClientClosesMidSession_SessionEnds()
    {
        await using (var client = await AgiTestClient.ConnectAsync(_node.Agi))
        {
            await client.SendHeaderAsync("4001");
            Assert.NotNull(await client.ReadCommandAsync());
            client.Close();
        }

        await AssertStillHealthyAsync();
    }

    [Fact]
    public async Task Session_DeadChannelReply511_NodeSendsNothingMoreAndCloses()
    {
        await using var client = await AgiTestClient.ConnectAsync(_node.Agi);
        await client.SendHeaderAsync("4001");
        Assert.NotNull(await client.ReadCommandAsync());
        await client.ReplyAsync("511 Command Not Permitted on a dead channel or intercept routine");

        Assert.True(await client.ClosedByNodeAsync());
        Assert.Single(client.Commands);
        await AssertStillHealthyAsync();
    }

    [Fact]
    public async Task Session_UnknownCommandReply510_NodeCloses()
    {
        await using var client = await AgiTestClient.ConnectAsync(_node.Agi);
        await client.SendHeaderAsync("4001");
        Assert.NotNull(await client.ReadCommandAsync());
        await client.ReplyAsync("510 Invalid or unknown command");

        Assert.True(await client.ClosedByNodeAsync());
        Assert.Single(client.Commands);
        await AssertStillHealthyAsync();
    }

    [Fact]
    public async Task Session_HeaderThatNeverEnds_IsClosedAfterHeaderTimeout()
    {
        await using var client = await AgiTestClient.ConnectAsync(_node.Agi);
        await client.SendLinesAsync(client.Header("4001", "lookup").Take(5));

        Assert.True(await client.ClosedByNodeAsync());
        Assert.Empty(client.Commands);
        Assert.Equal(1, Metrics.Rejections("agi", "header-timeout"));
        await AssertStillHealthyAsync();
    }

    [Fact]
    public async Task Session_ClientClosesInsideTheHeader_CountedAsIncomplete()
    {
        await using (var client = await AgiTestClient.ConnectAsync(_node.Agi))
        {
            await client.SendLinesAsync(client.Header("4001", "lookup").Take(3));
            client.Close();
        }

        await AssertStillHealthyAsync();
        Assert.Equal(1, Metrics.Rejections("agi", "header-incomplete"));
    }

    [Fact]
    public async Task Session_BinaryGarbage_IsClosedAndCounted()
    {
        await using var client = await AgiTestClient.ConnectAsync(_node.Agi);
        await client.SendAsync([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, 0x0a, 0xff, 0xfe, 0x0a]);

        Assert.True(await client.ClosedByNodeAsync());
        Assert.Equal(1, Metrics.Rejections("agi", "garbage"));
        await AssertStillHealthyAsync();
    }

    [Fact]
    public async Task Session_TextThatIsNotAnAgiHeader_IsClosedAndCounted()
    {
        await using var client = await AgiTestClient.ConnectAsync(_node.Agi);
        await client.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: node\r\n\r\n"));

        Assert.True(await client.ClosedByNodeAsync());
        Assert.Equal(1, Metrics.Rejections("agi", "garbage"));
        await AssertStillHealthyAsync();
    }

    [Fact]
    public async Task Session_OverlongLine_IsClosedAndCounted()
    {
        await using var client = await AgiTestClient.ConnectAsync(_node.Agi);
        await client.SendAsync(Encoding.ASCII.GetBytes("agi_network_script: lookup?" + new string('x', 10_000)));

        Assert.True(await client.ClosedByNodeAsync());
        Assert.Equal(1, Metrics.Rejections("agi", "line-too-long"));
        await AssertStillHealthyAsync();
    }

    [Fact]
    public async Task Session_TooManyHeaderLines_IsClosedAndCounted()
    {
        await using var client = await AgiTestClient.ConnectAsync(_node.Agi);
        await client.SendLinesAsync(Enumerable.Range(1, 500).Select(i => $"agi_arg_{i}: {i}"));

        Assert.True(await client.ClosedByNodeAsync());
        Assert.Equal(1, Metrics.Rejections("agi", "too-many-lines"));
        await AssertStillHealthyAsync();
    }
}
