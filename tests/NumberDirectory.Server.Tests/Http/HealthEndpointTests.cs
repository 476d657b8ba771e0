using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using NumberDirectory.Server.Agi;
using NumberDirectory.Server.Tests.Dundi;

namespace NumberDirectory.Server.Tests.Http;

/// <summary>
/// <c>/health</c> reports what is true: the doors listening, the data file writable, the peers
/// reachable. A node that cannot serve is 503; one whose peers are down still serves its own ranges
/// and is "degraded" with 200.
/// </summary>
public sealed class HealthEndpointTests
{
    private static readonly Uri Health = new("/health", UriKind.Relative);

    [Fact]
    public async Task Get_EverythingOpen_OkWithAStatusLineAndOneLinePerCheck()
    {
        using var temp = new TempDirectory();
        await using var node = await TestNode.StartAsync(temp.Data());

        using var response = await node.Http.GetAsync(Health);
        var lines = Lines(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("status: ok", lines[0]);
        Assert.Equal(["http", "agi", "dundi", "data", "peers"], lines.Skip(1).Select(l => l.Split(':')[0]));
        Assert.All(lines.Skip(1), l => Assert.StartsWith(l.Split(':')[0] + ": ok", l, StringComparison.Ordinal));
        Assert.Contains($"agi: ok (listening on {node.Agi})", lines);
        Assert.Contains($"dundi: ok (listening on {node.DundiAddress})", lines);
        Assert.Contains("peers: ok (none configured)", lines);
    }

    [Theory]
    [InlineData("/health?format=json", null)]
    [InlineData("/health", "application/json")]
    public async Task Get_Json_SameChecksAsObjects(string path, string? accept)
    {
        using var temp = new TempDirectory();
        await using var node = await TestNode.StartAsync(temp.Data());
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }

        using var response = await node.Http.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(["http", "agi", "dundi", "data", "peers"], checks.Select(c => c.GetProperty("name").GetString()));
        Assert.All(checks, c => Assert.Equal("ok", c.GetProperty("status").GetString()));
        var peers = checks.Single(c => c.GetProperty("name").GetString() == "peers");
        Assert.Equal(0, peers.GetProperty("configured").GetInt32());
        Assert.Equal(0, peers.GetProperty("reachable").GetInt32());
    }

    [Fact]
    public async Task Get_FastAgiDoorClosed_503NamingTheDoor()
    {
        using var temp = new TempDirectory();
        await using var node = await TestNode.StartAsync(temp.Data());
        await node.Services.GetRequiredService<AgiListener>().StopAsync(CancellationToken.None);

        using var response = await node.Http.GetAsync(Health);
        var lines = Lines(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("status: fail", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("agi: fail", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("http: ok", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_DataDirectoryGone_503NamingTheDataFile()
    {
        using var temp = new TempDirectory();
        await using var node = await TestNode.StartAsync(temp.Data());
        var aside = temp.Data("moved-aside");
        Directory.Move(node.DataDirectory, aside);
        try
        {
            using var response = await node.Http.GetAsync(Health);
            var lines = Lines(await response.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("status: fail", lines[0]);
            Assert.Contains(lines, l => l.StartsWith("data: fail", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Move(aside, node.DataDirectory);
        }

        using var back = await node.Http.GetAsync(Health);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    [Fact]
    public async Task Get_EveryPeerUnreachable_DegradedWith200AndLocalRangesStillServed()
    {
        using var blackHole = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var mesh = await new Mesh()
            .Node("A", ("_3XXX", "iax2:pbx-a.example.net/${NUMBER}"))
            .DeadPeer("A", "D", ((IPEndPoint)blackHole.LocalEndPoint!).Port, qualify: true)
            .Set("A", "Dundi:RetransmitInitialMs", "100")
            .Set("A", "Dundi:MaxSends", "3")
            .StartAsync();
        await mesh.UnreachableAsync("A", "D");

        using var response = await mesh["A"].Http.GetAsync(Health);
        var lines = Lines(await response.Content.ReadAsStringAsync());
        using var lookup = await mesh["A"].Http.GetAsync(new Uri("/lookup/3001", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("status: degraded", lines[0]);
        Assert.Contains($"peers: degraded (0 of 1 reachable; unreachable: {Mesh.Eid("D")})", lines);
        Assert.Contains(lines, l => l.StartsWith("dundi: ok", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
    }

    [Fact]
    public async Task Get_PeersNotQualified_CountedButNotDegraded()
    {
        await using var mesh = await new Mesh().Node("A").Node("B").Link("A", "B").StartAsync();

        var lines = Lines(await mesh["A"].Http.GetStringAsync(Health));

        Assert.Equal("status: ok", lines[0]);
        Assert.Contains($"peers: ok (0 of 1 reachable; not qualified: {Mesh.Eid("B")})", lines);
    }

    [Fact]
    public async Task Get_DundiDisabled_ReportedAsOff()
    {
        using var temp = new TempDirectory();
        await using var node = await TestNode.StartAsync(temp.Data(), new Dictionary<string, string?> { ["Dundi:Enabled"] = "false" });

        using var response = await node.Http.GetAsync(Health);
        var lines = Lines(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("status: ok", lines[0]);
        Assert.Contains("dundi: ok (off: Dundi:Enabled is false)", lines);
        Assert.Contains("peers: ok (none configured)", lines);
    }

    [Fact]
    public async Task Get_UnknownFormat_400()
    {
        using var temp = new TempDirectory();
        await using var node = await TestNode.StartAsync(temp.Data());

        using var response = await node.Http.GetAsync(new Uri("/health?format=xml", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static string[] Lines(string body) => body.TrimEnd('\n').Split('\n');
}
