using System.Net;
using System.Net.Sockets;
using NumberDirectory.Core.Peers;
using NumberDirectory.Server.Dundi;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>
/// What <c>/metrics</c> tells about the mesh: each peer's queries by outcome, its state and round
/// trip, and the DUNDi door's own lookups on the node that was asked.
/// </summary>
public sealed class PeerMetricsTests : IAsyncLifetime
{
    private const string Queries = "numberdirectory_peer_queries_total";

    private readonly Socket _blackHole = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private Mesh _mesh = null!;

    private static string B => Mesh.Eid("B").ToString();

    private static string D => Mesh.Eid("D").ToString();

    public async Task InitializeAsync()
    {
        _blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _mesh = await new Mesh()
            .Node("A", ("_3XXX", "iax2:pbx-a.example.net/${NUMBER}"))
            .Node("B", ("_4XXX", "iax2:pbx-b.example.net/${NUMBER}"))
            .Link("A", "B")
            .DeadPeer("A", "D", ((IPEndPoint)_blackHole.LocalEndPoint!).Port, qualify: false)

            // A also asks B about a context B does not permit it: B refuses.
            .Set("A", "Dundi:Peers:0:Include:1", "internal")
            .StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        _blackHole.Dispose();
    }

    [Fact]
    public async Task FanOut_CountsEachPeersQueriesByOutcome()
    {
        var a = await MetricsScrape.TakeAsync(_mesh["A"]);
        var b = await MetricsScrape.TakeAsync(_mesh["B"]);

        // B answers, the dead peer is still out at the deadline; then B answers "no such number";
        // then B refuses a context it does not permit A (the dead peer is not asked about it).
        await _mesh["A"].Http.GetAsync(new Uri("/lookup/4001?timeout=1", UriKind.Relative));
        await _mesh["A"].Http.GetAsync(new Uri("/lookup/9001?timeout=1", UriKind.Relative));
        await _mesh["A"].Http.GetAsync(new Uri("/lookup/4001?context=internal&timeout=1", UriKind.Relative));
        var a2 = await MetricsScrape.TakeAsync(_mesh["A"]);
        var b2 = await MetricsScrape.TakeAsync(_mesh["B"]);

        Assert.Equal(2, a2.Since(a, $"{Queries}{{outcome=\"answered\",peer=\"{B}\"}}"));
        Assert.Equal(1, a2.Since(a, $"{Queries}{{outcome=\"refused\",peer=\"{B}\"}}"));
        Assert.Equal(2, a2.Since(a, $"{Queries}{{outcome=\"timeout\",peer=\"{D}\"}}"));
        Assert.Equal(0, a2.Since(a, $"{Queries}{{outcome=\"answered\",peer=\"{D}\"}}"));
        Assert.Equal(0, a2.Since(a, $"{Queries}{{outcome=\"failed\",peer=\"{B}\"}}"));

        // A's door saw three lookups; B's DUNDi door answered two (the refused one never reached its pipeline).
        Assert.Equal(3, a2.Since(a, "numberdirectory_lookup_duration_seconds_count{door=\"http\"}"));
        Assert.Equal(1, b2.Since(b, "numberdirectory_lookups_total{door=\"dundi\",status=\"found\"}"));
        Assert.Equal(1, b2.Since(b, "numberdirectory_lookups_total{door=\"dundi\",status=\"notfound\"}"));
        Assert.Equal(2, b2.Since(b, "numberdirectory_lookup_duration_seconds_count{door=\"dundi\"}"));
        Assert.Equal(1, b2.Since(b, "numberdirectory_rejected_total{door=\"dundi\",reason=\"context-denied\"}"));
        Assert.Equal(0, b2.Since(b, "numberdirectory_lookup_duration_seconds_count{door=\"http\"}"));

        // Partial answers (the dead peer was out) are not cached: each lookup missed.
        Assert.Equal(3, a2.Since(a, "numberdirectory_cache_lookups_total{outcome=\"miss\"}"));
    }

    [Fact]
    public async Task PeerState_OneSeriesPerStateAndARoundTripOnceMeasured()
    {
        var idle = await MetricsScrape.TakeAsync(_mesh["A"]);
        await _mesh["A"].Http.GetAsync(new Uri("/lookup/4001?timeout=1", UriKind.Relative));
        var after = await MetricsScrape.TakeAsync(_mesh["A"]);

        Assert.Equal(1, idle[$"numberdirectory_peer_state{{peer=\"{B}\",state=\"unknown\"}}"]);
        Assert.Equal(1, after[$"numberdirectory_peer_state{{peer=\"{B}\",state=\"reachable\"}}"]);
        Assert.Equal(0, after[$"numberdirectory_peer_state{{peer=\"{B}\",state=\"unknown\"}}"]);
        Assert.True(after.Has($"numberdirectory_peer_state{{peer=\"{B}\",state=\"unreachable\"}}"));
        Assert.Equal(1, after[$"numberdirectory_peer_state{{peer=\"{D}\",state=\"unknown\"}}"]);
        Assert.Equal(["lagged", "reachable", "unknown", "unreachable"], after.Series.Where(s => s.StartsWith($"numberdirectory_peer_state{{peer=\"{D}\"", StringComparison.Ordinal)).Select(s => s.Split("state=\"")[1].TrimEnd('"', '}')).Order());
        Assert.False(idle.Has($"numberdirectory_peer_rtt_seconds{{peer=\"{B}\"}}"));
        Assert.True(after[$"numberdirectory_peer_rtt_seconds{{peer=\"{B}\"}}"] > 0);
        Assert.False(after.Has($"numberdirectory_peer_rtt_seconds{{peer=\"{D}\"}}"));
    }

    [Fact]
    public async Task FanOut_RetransmissionsRunOutBeforeTheDeadline_Failed()
    {
        using var blackHole = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var mesh = await new Mesh()
            .Node("A")
            .DeadPeer("A", "D", ((IPEndPoint)blackHole.LocalEndPoint!).Port, qualify: false)
            .Set("A", "Dundi:RetransmitInitialMs", "50")
            .Set("A", "Dundi:RetransmitMinMs", "50")
            .Set("A", "Dundi:RetransmitMaxMs", "50")
            .Set("A", "Dundi:MaxSends", "2")
            .StartAsync();
        var before = await MetricsScrape.TakeAsync(mesh["A"]);

        // Given up after two sends 50 ms apart, long before the 5 s deadline.
        using var response = await mesh["A"].Http.GetAsync(new Uri("/lookup/9001?timeout=5", UriKind.Relative));
        var after = await MetricsScrape.TakeAsync(mesh["A"]);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, after.Since(before, $"{Queries}{{outcome=\"failed\",peer=\"{D}\"}}"));
        Assert.Equal(0, after.Since(before, $"{Queries}{{outcome=\"timeout\",peer=\"{D}\"}}"));
    }

    [Fact]
    public async Task FanOut_AskerCancelsBeforeOurDeadline_Cancelled()
    {
        // B asks A with a 200 ms deadline; A, asked with B's TTL, has 820 ms and asks the dead peer.
        // At B's deadline B cancels its query, and A cancels its own to the dead peer, well before A's deadline.
        using var blackHole = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var deadPort = ((IPEndPoint)blackHole.LocalEndPoint!).Port;
        await using var mesh = await new Mesh()
            .Node("A")
            .Node("B")
            .Asks("B", "A")
            .DeadPeer("A", "D", deadPort, qualify: false)
            .StartAsync();
        var cancelled = new TaskCompletionSource();
        mesh["A"].Services.GetRequiredService<DundiEndpoint>().Sent += (to, message) =>
        {
            if (to.Port == deadPort && message.Command == NumberDirectory.Core.Dundi.DundiCommand.Cancel)
            {
                cancelled.TrySetResult();
            }
        };
        var a = await MetricsScrape.TakeAsync(mesh["A"]);
        var b = await MetricsScrape.TakeAsync(mesh["B"]);

        using var response = await mesh["B"].Http.GetAsync(new Uri("/lookup/9001?timeout=0.2", UriKind.Relative));
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var a2 = await MetricsScrape.TakeAsync(mesh["A"]);
        var b2 = await MetricsScrape.TakeAsync(mesh["B"]);

        Assert.Equal(1, a2.Since(a, $"{Queries}{{outcome=\"cancelled\",peer=\"{D}\"}}"));
        Assert.Equal(0, a2.Since(a, $"{Queries}{{outcome=\"timeout\",peer=\"{D}\"}}"));
        Assert.Equal(1, b2.Since(b, $"{Queries}{{outcome=\"timeout\",peer=\"{Mesh.Eid("A")}\"}}"));
    }

    [Fact]
    public async Task PeerState_QualifyFindsAPeerDead_Unreachable()
    {
        using var blackHole = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var mesh = await new Mesh()
            .Node("A")
            .DeadPeer("A", "D", ((IPEndPoint)blackHole.LocalEndPoint!).Port, qualify: true)
            .Set("A", "Dundi:RetransmitInitialMs", "100")
            .Set("A", "Dundi:MaxSends", "3")
            .StartAsync();
        var peer = mesh["A"].Services.GetRequiredService<DundiPeerTable>().All.Single();
        var unreachable = new TaskCompletionSource();
        mesh["A"].Services.GetRequiredService<DundiQualifier>().Probed += (probed, state) =>
        {
            if (probed == peer && state == PeerReachability.Unreachable)
            {
                unreachable.TrySetResult();
            }
        };
        if (peer.Reachability != PeerReachability.Unreachable)
        {
            await unreachable.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var scrape = await MetricsScrape.TakeAsync(mesh["A"]);

        Assert.Equal(1, scrape[$"numberdirectory_peer_state{{peer=\"{D}\",state=\"unreachable\"}}"]);
        Assert.Equal(0, scrape[$"numberdirectory_peer_state{{peer=\"{D}\",state=\"reachable\"}}"]);
    }
}
