using System.Globalization;
using System.Net;
using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Server.Dundi;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>A dynamic peer that registers with its registrar, and a node that pushes its numbers to a peer.</summary>
public sealed class RegistrationAndPrecacheTests : IDisposable
{
    private static readonly NodeId A = NodeId.Parse("00:00:5e:00:53:a0");
    private static readonly NodeId B = NodeId.Parse("00:00:5e:00:53:a1");
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Dictionary<string, string?> Peer(int index, NodeId id, string host, int port, params (string Key, string Value)[] extra)
    {
        var prefix = $"Dundi:Peers:{index}:";
        var settings = new Dictionary<string, string?>
        {
            [prefix + "Id"] = id.ToString(),
            [prefix + "Host"] = host,
            [prefix + "Port"] = port.ToString(CultureInfo.InvariantCulture),
            [prefix + "Model"] = "symmetric",
            [prefix + "Include:0"] = "e164",
            [prefix + "Permit:0"] = "e164",
            [prefix + "Qualify"] = "false",
        };
        foreach (var (key, value) in extra)
        {
            settings[prefix + key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task DynamicPeer_RegistersAndIsThenAsked()
    {
        var registrarSettings = Peer(0, B, "dynamic", 4520);
        registrarSettings["Node:Id"] = A.ToString();
        await using var registrar = await TestNode.StartAsync(_temp.Data("a"), registrarSettings);
        var peerOfA = registrar.Services.GetRequiredService<DundiPeerTable>().All.Single();
        Assert.Null(peerOfA.Address);

        var dynamicSettings = Peer(0, A, "127.0.0.1", registrar.DundiAddress.Port, ("Register", "true"));
        dynamicSettings["Node:Id"] = B.ToString();
        dynamicSettings["Ranges:0:Pattern"] = "_4XXX";
        dynamicSettings["Ranges:0:Routes:0:Uri"] = "iax2:pbx-b.example.net/${NUMBER}";
        var registered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var dynamicPeer = await TestNode.StartAsync(_temp.Data("b"), dynamicSettings);
        dynamicPeer.Services.GetRequiredService<DundiRegistration>().Registered += (_, ok) => registered.TrySetResult(ok);
        if (peerOfA.Address is null)
        {
            Assert.True(await registered.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        var body = await registrar.Http.GetStringAsync(new Uri("/lookup/4001", UriKind.Relative));

        Assert.Equal(dynamicPeer.DundiAddress, peerOfA.Address);
        Assert.Equal("IAX2/pbx-b.example.net/4001", body.TrimEnd());
    }

    [Fact]
    public async Task Precache_PushedNumbersAreAnsweredFromTheCacheWithoutAsking()
    {
        var ports = UdpPorts.Reserve(2);
        var receiverSettings = Peer(0, B, "127.0.0.1", ports[1]);
        receiverSettings["Node:Id"] = A.ToString();
        receiverSettings["Dundi:Listen"] = $"127.0.0.1:{ports[0]}";
        await using var receiver = await TestNode.StartAsync(_temp.Data("a"), receiverSettings);
        var sent = new List<DundiMessage>();
        receiver.Services.GetRequiredService<DundiEndpoint>().Sent += (_, message) => sent.Add(message);

        var pusherSettings = Peer(0, A, "127.0.0.1", ports[0], ("Precache", "true"));
        pusherSettings["Node:Id"] = B.ToString();
        pusherSettings["Dundi:Listen"] = $"127.0.0.1:{ports[1]}";
        pusherSettings["Ranges:0:Pattern"] = "_500[1-2]";
        pusherSettings["Ranges:0:Routes:0:Uri"] = "iax2:pbx-b.example.net/${NUMBER}";
        pusherSettings["Ranges:1:Pattern"] = "_6X.";
        pusherSettings["Ranges:1:Routes:0:Uri"] = "iax2:pbx-b.example.net/${NUMBER}";
        await using var pusher = await TestNode.StartAsync(_temp.Data("b"), pusherSettings);

        var cache = receiver.Services.GetRequiredService<LookupCache>();
        Assert.True(SpinWait.SpinUntil(() => cache.Count >= 2, TimeSpan.FromSeconds(30)));
        var body = await receiver.Http.GetStringAsync(new Uri("/lookup/5002", UriKind.Relative));

        Assert.Equal("IAX2/pbx-b.example.net/5002", body.TrimEnd());
        Assert.Equal(2, cache.Count);
        Assert.DoesNotContain(sent, m => m.Command == DundiCommand.DpDiscover);
    }

    [Fact]
    public async Task Precache_ARoundOfManyNumbers_NeverHasMoreInFlightThanTheReceiverTakesFromOneSource()
    {
        var ports = UdpPorts.Reserve(2);
        var receiverSettings = Peer(0, B, "127.0.0.1", ports[1]);
        receiverSettings["Node:Id"] = A.ToString();
        receiverSettings["Dundi:Listen"] = $"127.0.0.1:{ports[0]}";
        receiverSettings["Dundi:MaxTransactionsPerSource"] = DundiPrecachePush.Window.ToString(CultureInfo.InvariantCulture);
        await using var receiver = await TestNode.StartAsync(_temp.Data("a"), receiverSettings);

        var pusherSettings = Peer(0, A, "127.0.0.1", ports[0], ("Precache", "true"));
        pusherSettings["Node:Id"] = B.ToString();
        pusherSettings["Dundi:Listen"] = $"127.0.0.1:{ports[1]}";
        pusherSettings["Ranges:0:Pattern"] = "5000-5299";
        pusherSettings["Ranges:0:Routes:0:Uri"] = "iax2:pbx-b.example.net/${NUMBER}";
        await using var pusher = await TestNode.StartAsync(_temp.Data("b"), pusherSettings);

        var cache = receiver.Services.GetRequiredService<LookupCache>();
        Assert.True(SpinWait.SpinUntil(() => cache.Count >= 300, TimeSpan.FromSeconds(60)), $"{cache.Count} of 300 cached");

        var metrics = receiver.Services.GetRequiredService<NumberDirectory.Server.Hosting.NodeMetrics>();
        Assert.Equal(0, metrics.Rejections("dundi", "too-many-transactions-from-source"));
    }
}
