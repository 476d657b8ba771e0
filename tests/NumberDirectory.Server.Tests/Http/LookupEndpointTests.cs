using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Http;

public sealed class LookupEndpointTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        var settings = Ranges.Config(
            ("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 10),
            ("_7XXX", "sip:${NUMBER:1}@pbx-c.example.net:5062", 0));
        settings["Ranges:0:Routes:1:Uri"] = "sip:${NUMBER}@pbx-b.example.net";
        settings["Ranges:0:Routes:1:Weight"] = "20";
        _node = await TestNode.StartAsync(_temp.Data(), settings);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _temp.Dispose();
    }

    private static string? Status(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-NumberDirectory-Status", out var values) ? values.Single() : null;

    [Fact]
    public async Task Get_PublishedNumber_Returns200WithTheFirstDialString()
    {
        using var response = await _node.Http.GetAsync(new Uri("/lookup/4001?context=e164", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("IAX2/pbx-b.example.net/4001", (await response.Content.ReadAsStringAsync()).TrimEnd());
        Assert.Equal("FOUND", Status(response));
    }

    [Fact]
    public async Task Get_All_JoinsEveryDialStringWithAmpersandInWeightOrder()
    {
        var body = await _node.Http.GetStringAsync(new Uri("/lookup/4001?all=1", UriKind.Relative));

        Assert.Equal("IAX2/pbx-b.example.net/4001&PJSIP/4001@pbx-b.example.net", body.TrimEnd());
    }

    [Fact]
    public async Task Get_PrefixStripRoute_RendersPjsipWithTheStrippedNumber()
    {
        var body = await _node.Http.GetStringAsync(new Uri("/lookup/7123", UriKind.Relative));

        Assert.Equal("PJSIP/numberdirectory/sip:123@pbx-c.example.net:5062", body.TrimEnd());
    }

    [Fact]
    public async Task Get_AcceptJson_ReturnsStatusAndEveryRoute()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/lookup/4001");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var response = await _node.Http.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var root = json.RootElement;
        Assert.Equal("FOUND", root.GetProperty("status").GetString());
        Assert.Equal(300, root.GetProperty("ttl").GetInt32());
        Assert.False(root.GetProperty("partial").GetBoolean());
        var routes = root.GetProperty("routes").EnumerateArray().ToList();
        Assert.Equal(2, routes.Count);
        Assert.Equal("iax2:pbx-b.example.net/4001", routes[0].GetProperty("uri").GetString());
        Assert.Equal("IAX2/pbx-b.example.net/4001", routes[0].GetProperty("dial").GetString());
        Assert.Equal(10, routes[0].GetProperty("weight").GetInt32());
        Assert.Contains("Exists", routes[0].GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(300, routes[0].GetProperty("ttl").GetInt32());
        var self = _node.Services.GetRequiredService<NodeIdentity>().Id.ToString();
        Assert.Equal(self, routes[0].GetProperty("answeredBy").GetString());
        Assert.Equal(20, routes[1].GetProperty("weight").GetInt32());
    }

    [Fact]
    public async Task Get_UnpublishedNumber_Returns404WithEmptyBody()
    {
        using var response = await _node.Http.GetAsync(new Uri("/lookup/5001", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        Assert.Equal("NOTFOUND", Status(response));
    }

    [Theory]
    [InlineData("4001", "status=FOUND&count=2&ttl=300&partial=0&dial=IAX2%2Fpbx-b.example.net%2F4001&all=IAX2%2Fpbx-b.example.net%2F4001%26PJSIP%2F4001%40pbx-b.example.net")]
    [InlineData("5001", "status=NOTFOUND&count=0&ttl=30&partial=0")]
    public async Task Get_HashFormat_TellsFoundFromNotFound(string number, string expected)
    {
        using var response = await _node.Http.GetAsync(new Uri($"/lookup/{number}?format=hash", UriKind.Relative));

        Assert.Equal(expected, (await response.Content.ReadAsStringAsync()).TrimEnd());
    }

    [Fact]
    public async Task Get_HashFormatMalformedNumber_AnswersStatusInvalidAsAHash()
    {
        using var response = await _node.Http.GetAsync(new Uri("/lookup/40a1?format=hash", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("status=INVALID&count=0&error=invalid%20number", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", "not allowed")]
    [InlineData("40%2001", "not allowed")]
    [InlineData("%2B", "'+' must be followed")]
    [InlineData("%2B1234567890123456", "at most 15 digits")]
    [InlineData("%2B1555%2A0100", "not a digit")]
    [InlineData("4001%01", "'\\u0001' at position 5")]
    public async Task Get_MalformedNumber_Returns400WithTheReason(string number, string reason)
    {
        using var response = await _node.Http.GetAsync(new Uri($"/lookup/{number}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("INVALID", Status(response));
    }

    [Fact]
    public async Task Get_NulInPath_IsRefusedByTheHttpParserAndTheNodeKeepsServing()
    {
        using var response = await _node.Http.GetAsync(new Uri("/lookup/4001%00", UriKind.Relative));
        using var after = await _node.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Get_OverlongNumber_Returns400AndTheNodeKeepsServing()
    {
        using var response = await _node.Http.GetAsync(new Uri("/lookup/" + new string('1', 500), UriKind.Relative));
        using var after = await _node.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 80", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Theory]
    [InlineData("/lookup/4001?context=no%20spaces", "invalid context")]
    [InlineData("/lookup/4001?timeout=soon", "invalid timeout")]
    [InlineData("/lookup/4001?timeout=-1", "invalid timeout")]
    [InlineData("/lookup/4001?format=xml", "unknown format")]
    public async Task Get_BadQuery_Returns400WithTheReason(string path, string reason)
    {
        using var response = await _node.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_BadNumberAsJson_ReturnsTheReasonInJson()
    {
        using var response = await _node.Http.GetAsync(new Uri("/lookup/abc?format=json", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID", json.RootElement.GetProperty("status").GetString());
        Assert.Contains("not allowed", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_CountLookupsByStatusAndRejections()
    {
        await _node.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative));
        await _node.Http.GetAsync(new Uri("/lookup/5001", UriKind.Relative));
        await _node.Http.GetAsync(new Uri("/lookup/x", UriKind.Relative));

        var metrics = await _node.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("numberdirectory_lookups_total{door=\"http\",status=\"found\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("numberdirectory_lookups_total{door=\"http\",status=\"notfound\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("numberdirectory_rejected_total{door=\"http\",reason=\"number\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("numberdirectory_published_ranges 2", metrics, StringComparison.Ordinal);
        Assert.StartsWith("status: ok\n", await _node.Http.GetStringAsync(new Uri("/health", UriKind.Relative)), StringComparison.Ordinal);
    }
}
