using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Parser;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Http;

/// <summary>The status page at <c>/</c> over real HTTP: headers, encoding, the explain box and who may read it.</summary>
public sealed class StatusPageTests : IDisposable
{
    private const string Token = "0123456789abcdef0123456789abcdef-status";
    private static readonly HtmlParser Parser = new();
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private Task<TestNode> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Node:Id"] = "00:00:5e:00:53:01",
            ["Ranges:0:Pattern"] = "_4XXX",
            ["Ranges:0:Routes:0:Uri"] = "sip:${NUMBER}@pbx.example.net",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return TestNode.StartAsync(_temp.Data(), settings);
    }

    private string TokenFile()
    {
        var path = Path.Combine(_temp.Path, "status.token");
        File.WriteAllText(path, Token + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    [Fact]
    public async Task Get_FromLoopback_ServesTheNodesPageWithItsSecurityHeaders()
    {
        await using var node = await StartAsync();

        using var response = await node.Http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.CacheControl?.NoStore);
        var dom = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("00:00:5e:00:53:01", dom.QuerySelector("#node-eid")?.TextContent);
        Assert.Empty(dom.QuerySelectorAll("script"));
        Assert.Equal(["admin", "agi", "dundi", "enum", "http"], dom.QuerySelectorAll("#doors tr[data-door]").Select(r => r.GetAttribute("data-door")!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Head_AnswersLikeGetWithoutABody()
    {
        await using var node = await StartAsync();

        using var response = await node.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task RecentLookups_ScriptInWhatACallerSent_RendersAsText()
    {
        await using var node = await StartAsync();
        using var _ = await node.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative));
        node.Services.GetRequiredService<LookupWatch>().Report("agi", "<b>client</b>", "<script>alert(1)</script>", "e164\"><script>", LookupResult.Failed("test", "<img src=x>"), TimeSpan.FromMilliseconds(2));

        var html = await node.Http.GetStringAsync(new Uri("/", UriKind.Relative));

        var dom = Parser.ParseDocument(html);
        Assert.Empty(dom.QuerySelectorAll("script"));
        Assert.Empty(dom.QuerySelectorAll("#recent img, #recent b"));
        var rows = dom.QuerySelectorAll("#recent tr.lookup");
        Assert.Equal("<script>alert(1)</script>", rows[0].QuerySelector(".number")?.TextContent);
        Assert.Equal("e164\"><script>", rows[0].QuerySelector(".context")?.TextContent);
        Assert.Equal("4001", rows[1].QuerySelector(".number")?.TextContent);
        var thisMinute = dom.QuerySelectorAll("#activity tr.minute")[0].QuerySelectorAll("td").Select(c => c.TextContent).ToArray();
        Assert.Equal(("2", "1"), (thisMinute[1], thisMinute[4]));
    }

    [Fact]
    public async Task Explain_LocalNumber_ShowsTheRangeThatAnswersAndRunsAsAnAdminLookup()
    {
        await using var node = await StartAsync();
        var metrics = node.Services.GetRequiredService<NodeMetrics>();

        var html = await node.Http.GetStringAsync(new Uri("/?explain=4001&context=e164", UriKind.Relative));

        var result = Parser.ParseDocument(html).QuerySelector("#explain-result")!;
        Assert.Equal("FOUND", result.GetAttribute("data-status"));
        Assert.Equal("00:00:5e:00:53:01", result.QuerySelector(".answered-by")?.TextContent);
        Assert.Contains("sip:4001@pbx.example.net", result.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(result.QuerySelectorAll(".trace tbody tr"));
        Assert.Equal(1, metrics.Lookups("admin", LookupStatus.Found));
    }

    [Fact]
    public async Task Explain_BadNumber_400NamingTheFieldAndTheInputAsText()
    {
        await using var node = await StartAsync();

        using var response = await node.Http.GetAsync(new Uri("/?explain=%3Cscript%3E&context=e164", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var dom = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Empty(dom.QuerySelectorAll("script"));
        var result = dom.QuerySelector("#explain-result")!;
        Assert.Equal("INVALID", result.GetAttribute("data-status"));
        Assert.Contains("number: '<script>' is not a number", result.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_FromAnotherSitesPage_RefusedWithoutALookup()
    {
        await using var node = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?explain=4001");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await node.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("not from another site's page", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, node.Services.GetRequiredService<NodeMetrics>().Lookups("admin", LookupStatus.Found));
    }

    [Fact]
    public async Task Loopback_UnderAnotherName_RefusedAsDnsRebinding()
    {
        await using var node = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "status.example.net";

        using var response = await node.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("DNS rebinding", body, StringComparison.Ordinal);
        Assert.DoesNotContain("00:00:5e:00:53:01", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotAStatusClient_NeedsTheAdminToken_401Without_200With()
    {
        await using var node = await StartAsync(new()
        {
            ["Http:StatusPageClients:0"] = "192.0.2.0/24",
            ["Admin:Tokens:0:Name"] = "ops",
            ["Admin:Tokens:0:File"] = TokenFile(),
        });

        using var without = await node.Http.GetAsync(new Uri("/", UriKind.Relative));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token-0123456789abcdef0123") } };
        using var wrongResponse = await node.Http.SendAsync(wrong);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) } };
        using var rightResponse = await node.Http.SendAsync(right);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal("Bearer", without.Headers.WwwAuthenticate.Single().Scheme);
        var reason = await without.Content.ReadAsStringAsync();
        Assert.Contains("Authorization: Bearer <token>", reason, StringComparison.Ordinal);
        Assert.Contains("ssh -L", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("00:00:5e:00:53:01", reason, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rightResponse.StatusCode);
        Assert.Contains("00:00:5e:00:53:01", await rightResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", "configure Admin:Tokens")]
    [InlineData("false", "turn the admin API on")]
    public async Task NotAStatusClient_NoTokenToCheck_403SayingWhatToConfigure(string admin, string expected)
    {
        await using var node = await StartAsync(new()
        {
            ["Http:StatusPageClients:0"] = "192.0.2.0/24",
            ["Admin:Enabled"] = admin,
        });

        using var response = await node.Http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotAnAdminClient_403EvenWithTheToken()
    {
        await using var node = await StartAsync(new()
        {
            ["Http:StatusPageClients:0"] = "192.0.2.0/24",
            ["Admin:AllowedClients:0"] = "198.51.100.0/24",
            ["Admin:Tokens:0:Name"] = "ops",
            ["Admin:Tokens:0:File"] = TokenFile(),
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) } };

        using var response = await node.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Admin:AllowedClients", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadStatusPageOptions_EachNamedAtOnce()
    {
        var errors = NumberDirectoryNode.Validate(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Http:StatusPageClients:0"] = "192.0.2.0",
            ["Http:StatusPageRecentLookups"] = "5000",
        }).Build());

        Assert.Contains(errors, e => e.StartsWith("Http:StatusPageClients:0: '192.0.2.0' is not a network", StringComparison.Ordinal));
        Assert.Contains("Http:StatusPageRecentLookups: 5000 is out of range; use 0..1000", errors);
    }

    [Fact]
    public async Task OutsideTheDoorsAllowList_403BeforeThePage()
    {
        await using var node = await StartAsync(new() { ["Http:AllowedClients:0"] = "192.0.2.0/24" });

        using var response = await node.Http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Http:AllowedClients", body, StringComparison.Ordinal);
        Assert.DoesNotContain("00:00:5e:00:53:01", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusPageOff_404()
    {
        await using var node = await StartAsync(new() { ["Http:StatusPage"] = "false" });

        using var response = await node.Http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
