using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Testing;
using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Server.Hosting;
using NumberDirectory.Server.Tests.Agi;

namespace NumberDirectory.Server.Tests.Hosting;

/// <summary>
/// The start-up warm-up runs every door's lookup code before the node reports it started, and leaves
/// no trace: nothing counted, nothing cached, nothing sent to a peer.
/// </summary>
public sealed class NodeWarmupTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Start_WithWarmUp_DoorsWarmedBeforeStartedAndNothingCountedCachedOrSent()
    {
        // A peer that would be asked for anything not published, and a Merge range that would ask it
        // too: the warm-up must ask neither.
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?>
        {
            ["Node:WarmUp"] = "true",
            ["Ranges:0:Pattern"] = "_3XXX",
            ["Ranges:0:Routes:0:Uri"] = "iax2:pbx-a.example.net/${NUMBER}",
            ["Ranges:1:Pattern"] = "_5XXX",
            ["Ranges:1:Context"] = "internal",
            ["Ranges:1:Merge"] = "true",
            ["Ranges:1:Routes:0:Uri"] = "sip:${NUMBER}@pbx-a.example.net",
            ["Dundi:Peers:0:Id"] = "00:00:5e:00:53:0b",
            ["Dundi:Peers:0:Host"] = "127.0.0.1",
            ["Dundi:Peers:0:Port"] = ((IPEndPoint)peer.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture),
            ["Dundi:Peers:0:Model"] = "outbound",
            ["Dundi:Peers:0:Include:0"] = "e164",
            ["Dundi:Peers:0:Include:1"] = "internal",
            ["Dundi:Peers:0:Qualify"] = "false",
        }, services => services.AddLogging(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Debug)));

        var log = node.Services.GetFakeLogCollector().GetSnapshot().Select(r => r.Message).ToList();
        Assert.Contains(log, line => line.StartsWith("Warm-up of the lookup path took", StringComparison.Ordinal));
        Assert.Contains(log, line => line.StartsWith("Warm-up of the doors took", StringComparison.Ordinal));
        Assert.DoesNotContain(log, line => line.StartsWith("Warm-up stopped early", StringComparison.Ordinal));

        var metrics = node.Services.GetRequiredService<NodeMetrics>();
        foreach (var door in (string[])["http", "agi", "dundi", "enum"])
        {
            foreach (var status in Enum.GetValues<LookupStatus>())
            {
                Assert.True(metrics.Lookups(door, status) == 0, $"{door} {status} {metrics.Lookups(door, status)}");
            }
        }

        Assert.Equal(0, node.Services.GetRequiredService<LookupCache>().Count);
        Assert.Equal(0, node.Services.GetRequiredService<NumberDirectory.Server.EnumDns.EnumAnswerCache>().Count);
        Assert.Empty(node.Services.GetRequiredService<NumberDirectory.Server.EnumDns.EnumListener>().Counters.Responses());
        Assert.Equal(0, peer.Available);

        // And the doors answer as usual, counted.
        using var response = await node.Http.GetAsync(new Uri("/lookup/3001", UriKind.Relative));
        Assert.Equal("IAX2/pbx-a.example.net/3001\n", await response.Content.ReadAsStringAsync());
        var agi = await AgiTestClient.LookupAsync(node.Agi, "3002", "lookup");
        Assert.Equal("FOUND", agi["ND_STATUS"]);
        Assert.Equal(1, metrics.Lookups("http", LookupStatus.Found));
        Assert.Equal(1, metrics.Lookups("agi", LookupStatus.Found));
        var naptr = await NumberDirectory.Server.Tests.EnumDns.EnumClient.For(node.Enum).QueryAsync("3.0.0.3.e164.example.net", DnsClient.QueryType.NAPTR);
        Assert.Equal(2, naptr.Answers.Count);
        Assert.Equal(1, metrics.Lookups("enum", LookupStatus.Found));
    }

    [Fact]
    public async Task Start_WithWarmUpAndUpstreamEnum_NaptrReadingWarmedAndNothingAskedUpstream()
    {
        await using var upstream = new NumberDirectory.Server.Tests.EnumDns.ScriptedEnumServer();
        await using var node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?>
        {
            ["Node:WarmUp"] = "true",
            ["Ranges:0:Pattern"] = "_3XXX",
            ["Ranges:0:Routes:0:Uri"] = "iax2:pbx-a.example.net/${NUMBER}",
            ["UpstreamEnum:Suffixes:0:Suffix"] = NumberDirectory.Server.Tests.EnumDns.ScriptedEnumServer.Suffix,
            ["UpstreamEnum:Suffixes:0:Servers:0"] = upstream.Endpoint.ToString(),
        }, services => services.AddLogging(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Debug)));

        var log = node.Services.GetFakeLogCollector().GetSnapshot().Select(r => r.Message).ToList();
        Assert.Contains(log, line => line.StartsWith("Warm-up of the NAPTR reading took", StringComparison.Ordinal));
        Assert.Empty(upstream.Queries);
    }
}
