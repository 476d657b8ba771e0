using System.Net;
using System.Net.Sockets;
using Google.Protobuf.WellKnownTypes;
using NumberDirectory.Admin.V1;
using NumberDirectory.Server.Tests.Dundi;

namespace NumberDirectory.Server.Tests.Admin;

/// <summary>
/// Explain on a three-node chain A → B → C with a dead peer D beside B: the answer names C, the trace
/// shows B asked and answering, D (a secondary) skipped with its reason, and the second call served
/// from the cache. (Had D been a primary, the answer would be partial, and a partial answer is never
/// cached: that case is FanOutHandler's and PeerOutageTests'.)
/// </summary>
public sealed class ExplainMeshTests : IAsyncLifetime
{
    private readonly Socket _blackHole = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private Mesh _mesh = null!;

    private TestNode A => _mesh["A"];

    public async Task InitializeAsync()
    {
        _blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _mesh = await new Mesh()
            .Node("A", ("_3XXX", "sip:${NUMBER}@pbx-a.example.net"))
            .Node("B", ("_4XXX", "sip:${NUMBER}@pbx-b.example.net"))
            .Node("C", ("_5XXX", "sip:${NUMBER}@pbx-c.example.net"))
            .Asks("A", "B")
            .Asks("B", "C")
            .DeadPeer("A", "D", ((IPEndPoint)_blackHole.LocalEndPoint!).Port, qualify: true)
            .Set("A", "Dundi:RetransmitInitialMs", "100")
            .Set("A", "Dundi:MaxSends", "3")

            // D is a fallback (secondary tier): skipped as unreachable, yet not one whose silence
            // makes B's complete answer partial, so the answer is cached.
            .Set("A", "Dundi:Peers:1:Order", "secondary")
            .StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        _blackHole.Dispose();
    }

    [Fact]
    public async Task Explain_ThreeNodes_PathToTheAnsweringNode_DeadPeerSkipped_CacheHitNext()
    {
        await _mesh.UnreachableAsync("A", "D");
        using var channel = AdminClient.Channel(A);
        var client = new LookupService.LookupServiceClient(channel);
        var budget = Duration.FromTimeSpan(TimeSpan.FromSeconds(5));

        var first = await client.ExplainLookupAsync(new ExplainLookupRequest { Number = "5001", Timeout = budget });
        var second = await client.ExplainLookupAsync(new ExplainLookupRequest { Number = "5001", Timeout = budget });

        var route = Assert.Single(first.Answer.Routes);
        Assert.Equal((LookupStatus.Found, "sip:5001@pbx-c.example.net", Mesh.Eid("C").ToString()), (first.Answer.Status, route.Uri, route.AnsweredBy));
        Assert.False(first.Answer.Partial);
        Assert.Contains(first.Trace, s => s.Source == "fan-out" && s.Message == $"skipped {Mesh.Eid("D")}: unreachable (qualify)");
        Assert.Contains(first.Trace, s => s.Source == "fan-out" && s.Message.StartsWith($"asked {Mesh.Eid("B")}", StringComparison.Ordinal));
        Assert.Contains(first.Trace, s => s.Source == "fan-out" && s.Message == $"{Mesh.Eid("B")} answered 1 route(s)");
        Assert.DoesNotContain(first.Trace, s => s.Message.Contains($"asked {Mesh.Eid("D")}", StringComparison.Ordinal));
        Assert.Contains(second.Trace, s => s.Source == "cache" && s.Message.StartsWith("hit", StringComparison.Ordinal));
        Assert.DoesNotContain(second.Trace, s => s.Source == "fan-out");
    }
}
