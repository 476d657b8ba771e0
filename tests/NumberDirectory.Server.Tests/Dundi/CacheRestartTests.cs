using System.Globalization;
using System.Net;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Server.Dundi;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>Answers learned from peers survive a restart of the node that learned them.</summary>
public sealed class CacheRestartTests : IDisposable
{
    private static readonly NodeId A = NodeId.Parse("00:00:5e:00:53:a0");
    private static readonly NodeId B = NodeId.Parse("00:00:5e:00:53:a1");
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private Task<TestNode> StartAAsync(int bPort) => TestNode.StartAsync(_temp.Data("a"), new Dictionary<string, string?>
    {
        ["Node:Id"] = A.ToString(),
        ["Dundi:Peers:0:Id"] = B.ToString(),
        ["Dundi:Peers:0:Host"] = "127.0.0.1",
        ["Dundi:Peers:0:Port"] = bPort.ToString(CultureInfo.InvariantCulture),
        ["Dundi:Peers:0:Model"] = "outbound",
        ["Dundi:Peers:0:Include:0"] = "e164",
        ["Dundi:Peers:0:Qualify"] = "false",
    });

    [Fact]
    public async Task Restart_AnswerLearnedFromAPeer_IsServedFromTheCacheWithoutAskingAgain()
    {
        int bPort;
        await using (var b = await TestNode.StartAsync(_temp.Data("b"), new Dictionary<string, string?>
        {
            ["Node:Id"] = B.ToString(),
            ["Dundi:Peers:0:Id"] = A.ToString(),
            ["Dundi:Peers:0:Host"] = "127.0.0.1",
            ["Dundi:Peers:0:Model"] = "inbound",
            ["Dundi:Peers:0:Permit:0"] = "e164",
            ["Dundi:Peers:0:Qualify"] = "false",
            ["Ranges:0:Pattern"] = "_4XXX",
            ["Ranges:0:Routes:0:Uri"] = "iax2:pbx-b.example.net/${NUMBER}",
        }))
        {
            bPort = b.DundiAddress.Port;
            await using var a = await StartAAsync(bPort);
            Assert.Equal(HttpStatusCode.OK, (await a.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative))).StatusCode);
        }

        await using var restarted = await StartAAsync(bPort);
        var sent = new List<DundiMessage>();
        restarted.Services.GetRequiredService<DundiEndpoint>().Sent += (_, message) => sent.Add(message);

        var body = await restarted.Http.GetStringAsync(new Uri("/lookup/4001", UriKind.Relative));

        Assert.Equal("IAX2/pbx-b.example.net/4001", body.TrimEnd());
        Assert.DoesNotContain(sent, m => m.Command == DundiCommand.DpDiscover);
    }
}
