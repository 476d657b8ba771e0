using DnsClient;
using NumberDirectory.Admin.V1;
using NumberDirectory.Server.Tests.Admin;
using NumberDirectory.Server.Tests.Dundi;

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>
/// The ENUM door's kept answers follow what the admin API changes beyond ranges: a peer added, and
/// the cache flushed. A kept "no such name" must not outlive what made it true.
/// </summary>
public sealed class EnumAdminChangeTests
{
    private const string Name = "1.0.0.4.e164.example.net";

    private static async Task<DnsHeaderResponseCode> AskTwiceAsync(TestNode node)
    {
        // Twice, so a negative answer is kept encoded before the change.
        var client = EnumClient.For(node.Enum);
        await client.QueryAsync(Name, QueryType.NAPTR);
        return (await client.QueryAsync(Name, QueryType.NAPTR)).Header.ResponseCode;
    }

    [Fact]
    public async Task PeerAdded_AKeptNotFoundIsForgotten_TheNextQueryAsksTheNewPeer()
    {
        using var temp = new TempDirectory();
        var ports = UdpPorts.Reserve(2);
        var settingsB = Ranges.Config(("_4XXX", "sip:${NUMBER}@pbx-b.example.net", 0));
        settingsB["Node:Id"] = Mesh.Eid("B").ToString();
        settingsB["Dundi:Listen"] = $"127.0.0.1:{ports[1]}";
        settingsB["Dundi:Peers:0:Id"] = Mesh.Eid("A").ToString();
        settingsB["Dundi:Peers:0:Host"] = "127.0.0.1";
        settingsB["Dundi:Peers:0:Port"] = ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture);
        settingsB["Dundi:Peers:0:Model"] = "inbound";
        settingsB["Dundi:Peers:0:Permit:0"] = "e164";
        settingsB["Dundi:Peers:0:Qualify"] = "false";
        await using var b = await TestNode.StartAsync(temp.Data("b"), settingsB);
        await using var a = await TestNode.StartAsync(temp.Data("a"), new Dictionary<string, string?>
        {
            ["Node:Id"] = Mesh.Eid("A").ToString(),
            ["Dundi:Listen"] = $"127.0.0.1:{ports[0]}",
        });
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, await AskTwiceAsync(a));
        using var channel = AdminClient.Channel(a);

        await new PeerService.PeerServiceClient(channel).AddPeerAsync(new AddPeerRequest
        {
            Peer = new Peer { Id = Mesh.Eid("B").ToString(), Host = "127.0.0.1", Port = (uint)ports[1], Model = PeerModel.Outbound, Include = { "e164" }, Qualify = false },
        });
        var after = await EnumClient.For(a.Enum).QueryAsync(Name, QueryType.NAPTR);

        Assert.Equal(DnsHeaderResponseCode.NoError, after.Header.ResponseCode);
        Assert.Contains(after.Answers.NAPtrRecords(), r => r.RegularExpression == "!^.*$!sip:4001@pbx-b.example.net!");
    }

    [Fact]
    public async Task CacheFlushed_AKeptNotFoundIsForgotten_TheNextQueryAsksAgain()
    {
        await using var mesh = await new Mesh().Node("A").Node("B").Link("A", "B").StartAsync();
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, await AskTwiceAsync(mesh["A"]));
        using var channelB = AdminClient.Channel(mesh["B"]);
        await new RangeService.RangeServiceClient(channelB).PublishRangeAsync(new PublishRangeRequest
        {
            Range = new NumberDirectory.Admin.V1.Range { Context = "e164", Pattern = "_4XXX", Routes = { new Route { UriTemplate = "sip:${NUMBER}@pbx-b.example.net" } } },
        });
        using var channelA = AdminClient.Channel(mesh["A"]);

        await new CacheService.CacheServiceClient(channelA).FlushCacheAsync(new FlushCacheRequest { All = true });
        var after = await EnumClient.For(mesh["A"].Enum).QueryAsync(Name, QueryType.NAPTR);

        Assert.Equal(DnsHeaderResponseCode.NoError, after.Header.ResponseCode);
    }
}
