using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Peers;
using NumberDirectory.Server.Dundi;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>Real nodes on loopback asking each other over DUNDi; the assertions are about what went on the wire.</summary>
public sealed class DundiMeshTests
{
    private static async Task<(HttpStatusCode Status, string Body, bool Partial)> LookupAsync(TestNode node, string number, double timeout = 1)
    {
        using var response = await node.Http.GetAsync(new Uri($"/lookup/{number}?timeout={timeout}", UriKind.Relative));
        var partial = response.Headers.GetValues("X-NumberDirectory-Partial").Single() == "1";
        return (response.StatusCode, (await response.Content.ReadAsStringAsync()).TrimEnd(), partial);
    }

    /// <summary>A asks B, B asks C; B publishes 4xxx and C 5xxx.</summary>
    private static Task<Mesh> ChainAsync() => new Mesh()
        .Node("A")
        .Node("B", ("_4XXX", "iax2:pbx-b.example.net/${NUMBER}"))
        .Node("C", ("_5XXX", "iax2:pbx-c.example.net/${NUMBER}"))
        .Link("A", "B")
        .Link("B", "C")
        .StartAsync();

    [Fact]
    public async Task TwoNodes_ANumberPublishedOnB_ResolvesOnAAndIsCached()
    {
        await using var mesh = await new Mesh()
            .Node("A")
            .Node("B", ("_4XXX", "iax2:pbx-b.example.net/${NUMBER}"))
            .Link("A", "B")
            .StartAsync();

        var first = await LookupAsync(mesh["A"], "4001");
        var json = JsonDocument.Parse(await mesh["A"].Http.GetStringAsync(new Uri("/lookup/4001?format=json", UriKind.Relative)));

        Assert.Equal((HttpStatusCode.OK, "IAX2/pbx-b.example.net/4001", false), first);
        Assert.Equal(Mesh.Eid("B").ToString(), json.RootElement.GetProperty("routes")[0].GetProperty("answeredBy").GetString());
        var discover = Assert.Single(mesh.Wire.Discovers("4001"));
        Assert.Equal(("A", "B"), (discover.From, discover.To));
    }

    [Fact]
    public async Task Chain_AAsksBWhichForwardsToC_TtlAndPathOnTheWire()
    {
        await using var mesh = await ChainAsync();

        var result = await LookupAsync(mesh["A"], "5001");

        Assert.Equal((HttpStatusCode.OK, "IAX2/pbx-c.example.net/5001", false), result);
        var discovers = mesh.Wire.Discovers("5001");
        Assert.Equal(2, discovers.Count);
        var aToB = discovers.Single(d => d.From == "A");
        var bToC = discovers.Single(d => d.From == "B");
        Assert.Equal("B", aToB.To);
        Assert.Equal("C", bToC.To);
        Assert.Equal((ushort)31, aToB.Message.Ttl);
        Assert.Equal((ushort)30, bToC.Message.Ttl);
        Assert.Equal(new[] { Mesh.Eid("A") }, aToB.Message.Eids.ToArray());
        Assert.Equal(new[] { Mesh.Eid("B"), Mesh.Eid("A") }, bToC.Message.Eids.ToArray());
        Assert.Equal(DundiIeType.EidDirect, bToC.Message.Elements.First(e => e.Type is DundiIeType.Eid or DundiIeType.EidDirect).Type);
        var answer = Assert.Single(mesh.Wire.Sent.Single(s => s.From == "B" && s.Message.Command == DundiCommand.DpResponse).Message.Answers);
        Assert.Equal(Mesh.Eid("C"), answer.Eid);
    }

    [Fact]
    public async Task Chain_NumberPublishedOnTheMiddleNode_IsAnsweredThereWithoutForwarding()
    {
        await using var mesh = await ChainAsync();

        var result = await LookupAsync(mesh["A"], "4999");

        Assert.Equal((HttpStatusCode.OK, "IAX2/pbx-b.example.net/4999", false), result);
        Assert.DoesNotContain(mesh.Wire.Discovers("4999"), d => d.From == "B");
    }

    [Fact]
    public async Task Chain_UnpublishedNumber_IsNotFoundWithADontAskHint()
    {
        await using var mesh = await ChainAsync();

        var missing = await LookupAsync(mesh["A"], "9999");

        var fromC = mesh.Wire.Sent.Single(s => s.From == "C" && s.Message.Command == DundiCommand.DpResponse).Message;
        var fromB = mesh.Wire.Sent.Single(s => s.From == "B" && s.To == "A" && s.Message.Command == DundiCommand.DpResponse).Message;
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        // C's only peer is B, on the path: a complete negative, but one that depends on the path.
        Assert.Equal(("9", LookupHintKind.DontAsk), (fromC.Hint!.Prefix, fromC.Hint.Flags));
        Assert.Empty(fromB.Answers);
        Assert.Equal("9", fromB.Hint!.Prefix);
        Assert.True(fromB.Hint.Flags.HasFlag(LookupHintKind.DontAsk));

        // A remembers B's hint: another number under the prefix is not asked again.
        await LookupAsync(mesh["A"], "9888");
        Assert.Empty(mesh.Wire.Discovers("9888"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public async Task Ring_UnpublishedNumber_TerminatesWithThePredictedNumberOfQueries(int size)
    {
        var names = Enumerable.Range(0, size).Select(i => ((char)('A' + i)).ToString()).ToArray();
        var mesh = new Mesh();
        foreach (var name in names)
        {
            mesh.Node(name);
        }

        for (var i = 0; i < size; i++)
        {
            mesh.Link(names[i], names[(i + 1) % size]);
        }

        await using var running = await mesh.StartAsync();

        var result = await LookupAsync(running["A"], "7777", timeout: 3);

        var predicted = RingPrediction.Discovers(names, running.Wire.Received, "7777");
        Assert.Equal(HttpStatusCode.NotFound, result.Status);
        Assert.Equal(predicted, running.Wire.Discovers("7777").Count);
        Assert.True(predicted <= 2 * size, $"{predicted} queries for {size} links");
    }

    [Fact]
    public async Task DeadPeer_TheLookupAnswersFromTheLivePeerAtTheDeadline()
    {
        using var blackHole = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var mesh = await new Mesh()
            .Node("A")
            .Node("B", ("_4XXX", "iax2:pbx-b.example.net/${NUMBER}"))
            .Link("A", "B")
            .DeadPeer("A", "D", ((IPEndPoint)blackHole.LocalEndPoint!).Port, qualify: false)
            .StartAsync();

        var result = await LookupAsync(mesh["A"], "4001", timeout: 3);

        Assert.Equal((HttpStatusCode.OK, "IAX2/pbx-b.example.net/4001", true), result);
        Assert.Equal(2, mesh.Wire.Discovers("4001").Count(d => d.From == "A"));
    }

    [Fact]
    public async Task DeadPeer_OnceQualifyKnowsItIsDead_LookupsDoNotWaitForIt()
    {
        using var blackHole = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var mesh = new Mesh()
            .Node("A")
            .Node("B", ("_4XXX", "iax2:pbx-b.example.net/${NUMBER}"))
            .Link("A", "B")
            .DeadPeer("A", "D", ((IPEndPoint)blackHole.LocalEndPoint!).Port, qualify: true)
            .Set("A", "Dundi:RetransmitInitialMs", "100")
            .Set("A", "Dundi:MaxSends", "3");
        await using var running = await mesh.StartAsync();
        var peers = running["A"].Services.GetRequiredService<DundiPeerTable>();
        var dead = peers.All.Single(p => p.Id == Mesh.Eid("D"));
        var qualifier = running["A"].Services.GetRequiredService<DundiQualifier>();
        var unreachable = new TaskCompletionSource();
        qualifier.Probed += (peer, state) =>
        {
            if (peer == dead && state == PeerReachability.Unreachable)
            {
                unreachable.TrySetResult();
            }
        };
        if (dead.Reachability != PeerReachability.Unreachable)
        {
            await unreachable.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        running.Wire.Clear();
        var result = await LookupAsync(running["A"], "4002", timeout: 5);

        // Answered without waiting for D; partial, since D could have had a route of its own.
        Assert.Equal((HttpStatusCode.OK, "IAX2/pbx-b.example.net/4002", true), result);
        Assert.Equal(["B"], running.Wire.Discovers("4002").Select(d => d.To));
    }
}
