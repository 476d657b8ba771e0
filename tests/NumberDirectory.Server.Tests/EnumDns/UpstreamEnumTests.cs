using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using DnsClient;
using DnsClient.Protocol;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>
/// Node A asks upstream ENUM under <c>e164.example.org</c>, which node B's ENUM door serves from its own
/// ranges: A finds B's numbers over plain DNS (no DUNDi between them), says "not found" for numbers B
/// does not have, never asks B for a query that came to A's own door without RD, and answers "failed",
/// never "not found", when its upstream is gone or silent.
/// </summary>
public sealed class UpstreamEnumTests : IAsyncLifetime
{
    private const string Suffix = "e164.example.org";
    private readonly TempDirectory _temp = new();
    private readonly Socket _silent = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private TestNode _b = null!;
    private TestNode _a = null!;

    public async Task InitializeAsync()
    {
        var b = Ranges.Config(("+15550100100-+15550100199", "sip:${NUMBER}@pbx-b.example.org", 10));
        b["Enum:Zones:0:Suffix"] = Suffix;
        b["Enum:Zones:0:Answers"] = "Local";
        _b = await TestNode.StartAsync(_temp.Data("b"), b);
        _a = await TestNode.StartAsync(_temp.Data("a"), Upstream(_b.Enum));
        _silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        _silent.Dispose();
        _temp.Dispose();
    }

    // Budgets that leave a cold, busy machine ample time; the failure cases end at them, no later.
    private static Dictionary<string, string?> Upstream(IPEndPoint server, string timeoutMs = "2000") => new()
    {
        ["UpstreamEnum:Suffixes:0:Suffix"] = Suffix,
        ["UpstreamEnum:Suffixes:0:Servers:0"] = server.ToString(),
        ["UpstreamEnum:Suffixes:0:TimeoutMs"] = timeoutMs,
        ["UpstreamEnum:MatchTimeoutMs"] = "1000",
        ["Enum:TimeoutMs"] = "3000",
    };

    private static string? Status(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-NumberDirectory-Status", out var values) ? values.Single() : null;

    private static LookupClient Client(IPEndPoint door, bool recursion) =>
        new(new LookupClientOptions(new NameServer(door))
        {
            UseCache = false,
            Retries = 0,
            Timeout = EnumClient.Timeout,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
            Recursion = recursion,
        });

    private static long Upstream(TestNode node, string outcome) =>
        node.Services.GetRequiredService<NodeMetrics>().UpstreamQueries(Suffix, outcome);

    private static long EnumLookups(TestNode node) =>
        Enum.GetValues<Core.Lookup.LookupStatus>().Sum(s => node.Services.GetRequiredService<NodeMetrics>().Lookups(NumberDirectory.Server.EnumDns.EnumListener.Door, s));

    [Fact]
    public async Task HttpLookup_NumberTheUpstreamServerHas_FoundWithTheRouteFromItsNaptr()
    {
        using var response = await _a.Http.GetAsync(new Uri("/lookup/%2B15550100123?timeout=3&format=json", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("FOUND", Status(response));
        var route = Assert.Single(json.RootElement.GetProperty("routes").EnumerateArray());
        Assert.Equal("sip:15550100123@pbx-b.example.org", route.GetProperty("uri").GetString());
        Assert.Equal("PJSIP/15550100123@pbx-b.example.org", route.GetProperty("dial").GetString());
        Assert.Equal(10, route.GetProperty("weight").GetInt32());
        Assert.InRange(route.GetProperty("ttl").GetInt32(), 1, 300);
        Assert.False(json.RootElement.GetProperty("partial").GetBoolean());
    }

    [Fact]
    public async Task HttpLookup_NumberTheUpstreamServerDoesNotHave_NotFound()
    {
        using var response = await _a.Http.GetAsync(new Uri("/lookup/%2B15550199999?timeout=3", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOTFOUND", Status(response));
        Assert.True(Upstream(_a, "nxdomain") >= 1);
    }

    [Fact]
    public async Task EnumQueryWithRd_AtA_AnsweredFromUpstream()
    {
        var response = await Client(_a.Enum, recursion: true).QueryAsync("4.2.1.0.0.1.0.5.5.5.1.e164.example.net", QueryType.NAPTR);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.Contains(response.Answers.NAPtrRecords(), r => r.RegularExpression == "!^.*$!sip:15550100124@pbx-b.example.org!" && r.Services == "E2U+sip");
    }

    [Fact]
    public async Task EnumQueryWithoutRd_AtA_NeverGoesUpstream_AndAQueryWithRdStillDoes()
    {
        var before = EnumLookups(_b);

        var iterating = await Client(_a.Enum, recursion: false).QueryAsync("5.2.1.0.0.1.0.5.5.5.1.e164.example.net", QueryType.NAPTR);

        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, iterating.Header.ResponseCode);
        Assert.Equal(before, EnumLookups(_b));

        // Neither the lookup cache nor the door's encoded answers gave that "no" to a query that may ask.
        var recursive = await Client(_a.Enum, recursion: true).QueryAsync("5.2.1.0.0.1.0.5.5.5.1.e164.example.net", QueryType.NAPTR);
        Assert.Equal(DnsHeaderResponseCode.NoError, recursive.Header.ResponseCode);
        Assert.Equal(before + 1, EnumLookups(_b));
        var http = await _a.Http.GetStringAsync(new Uri("/lookup/%2B15550100125?timeout=3", UriKind.Relative));
        Assert.Equal("PJSIP/15550100125@pbx-b.example.org", http.TrimEnd());
    }

    [Fact]
    public async Task UpstreamStopped_FailedNeverNotFound()
    {
        var closed = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var gone = (IPEndPoint)closed.LocalEndPoint!;
        closed.Dispose();
        await using var node = await TestNode.StartAsync(_temp.Data("gone"), Upstream(gone, "500"));

        using var response = await node.Http.GetAsync(new Uri("/lookup/%2B15550100123?timeout=3", UriKind.Relative));
        var dns = await Client(node.Enum, recursion: true).QueryAsync("3.2.1.0.0.1.0.5.5.5.1.e164.example.net", QueryType.NAPTR);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("ERROR", Status(response));
        Assert.Equal(DnsHeaderResponseCode.ServerFailure, dns.Header.ResponseCode);
        Assert.True(Upstream(node, "failed") >= 2);
    }

    [Fact]
    public async Task UpstreamSilent_FailedAtTheDeadlineNeverNotFound()
    {
        await using var node = await TestNode.StartAsync(_temp.Data("silent"), Upstream((IPEndPoint)_silent.LocalEndPoint!, "500"));
        var clock = Stopwatch.StartNew();

        using var response = await node.Http.GetAsync(new Uri("/lookup/%2B15550100123?timeout=2", UriKind.Relative));
        clock.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("ERROR", Status(response));

        // Within the suffix's 500 ms and the request's 2 s, not DnsClient's default 5 s and retries.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"answered after {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task TwoNodesEachTheOthersUpstream_AnUnknownNumberEndsAfterOneQuery()
    {
        // C and D serve one suffix and each asks the other under it. C's query reaches D without RD,
        // so D answers from what it has and asks nobody; the same the other way round.
        var dPort = Dundi.UdpPorts.Reserve(1)[0];
        var c = Upstream(new IPEndPoint(IPAddress.Loopback, dPort));
        c["Enum:Zones:0:Suffix"] = Suffix;
        await using var cNode = await TestNode.StartAsync(_temp.Data("c"), c);
        var d = Upstream(cNode.Enum);
        d["Enum:Zones:0:Suffix"] = Suffix;
        d["Enum:Listen"] = $"127.0.0.1:{dPort}";
        await using var dNode = await TestNode.StartAsync(_temp.Data("d"), d);

        using var fromC = await cNode.Http.GetAsync(new Uri("/lookup/%2B15550177777?timeout=3", UriKind.Relative));
        using var fromD = await dNode.Http.GetAsync(new Uri("/lookup/%2B15550177778?timeout=3", UriKind.Relative));
        var overDns = await Client(cNode.Enum, recursion: true).QueryAsync("9.7.7.7.7.1.0.5.5.5.1." + Suffix, QueryType.NAPTR);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (fromC.StatusCode, fromD.StatusCode));
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, overDns.Header.ResponseCode);

        // Each node asked the other once per lookup of its own, and was asked back never.
        Assert.Equal((2L, 1L), (Upstream(cNode, "nxdomain"), Upstream(dNode, "nxdomain")));
        Assert.Equal((0L, 0L), (Upstream(cNode, "failed"), Upstream(dNode, "failed")));
        Assert.Equal((2L, 2L), (EnumLookups(cNode), EnumLookups(dNode)));
    }
}
