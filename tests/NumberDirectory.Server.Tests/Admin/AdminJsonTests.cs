using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace NumberDirectory.Server.Tests.Admin;

/// <summary>
/// The admin API as JSON over HTTP/1.1 (gRPC JSON transcoding) on a listener of its own, with the
/// same rules as the gRPC one, and neither answering the other's requests.
/// </summary>
public sealed class AdminJsonTests : IAsyncLifetime
{
    private const string Token = "fedcba9876543210fedcba9876543210-ops";
    private readonly TempDirectory _temp = new();
    private TestNode _node = null!;
    private HttpClient _json = null!;

    public async Task InitializeAsync()
    {
        var settings = Ranges.Config(("_3XXX", "sip:${NUMBER}@pbx-a.example.net", 0));
        settings["Admin:JsonListen"] = "127.0.0.1:0";
        _node = await TestNode.StartAsync(_temp.Data(), settings);
        _json = new HttpClient { BaseAddress = _node.AdminJsonAddress };
    }

    public async Task DisposeAsync()
    {
        _json.Dispose();
        await _node.DisposeAsync();
        _temp.Dispose();
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [Fact]
    public async Task NodeInfo_AsJson_ListsBothAdminListeners()
    {
        using var info = JsonDocument.Parse(await _json.GetStringAsync(new Uri("/v1/node", UriKind.Relative)));

        Assert.NotEmpty(info.RootElement.GetProperty("eid").GetString()!);
        var doors = info.RootElement.GetProperty("listeners").EnumerateArray().Select(l => l.GetProperty("door").GetString()).ToList();
        Assert.Contains("admin", doors);
        Assert.Contains("admin-json", doors);
        Assert.Single(doors, d => d == "http");
    }

    [Fact]
    public async Task PublishGetWithdraw_AsJson_TheLookupDoorFollows()
    {
        var body = """{ "range": { "context": "e164", "pattern": "_4XXX", "routes": [ { "uriTemplate": "sip:${NUMBER}@pbx-b.example.net;transport=wss", "weight": 10 } ] } }""";

        using var published = await _json.PostAsync(new Uri("/v1/ranges", UriKind.Relative), Json(body));
        var found = await _node.Http.GetStringAsync(new Uri("/lookup/4001", UriKind.Relative));
        using var got = JsonDocument.Parse(await _json.GetStringAsync(new Uri("/v1/ranges/e164/_4XXX", UriKind.Relative)));
        using var lookup = JsonDocument.Parse(await _json.GetStringAsync(new Uri("/v1/lookup/4002", UriKind.Relative)));
        using var withdrawn = await _json.DeleteAsync(new Uri("/v1/ranges/e164/_4XXX", UriKind.Relative));
        using var gone = await _node.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("PJSIP/numberdirectory/sip:4001@pbx-b.example.net;transport=wss", found.TrimEnd());
        Assert.Equal("RANGE_SOURCE_RUNTIME", got.RootElement.GetProperty("range").GetProperty("source").GetString());
        Assert.Equal("LOOKUP_STATUS_FOUND", lookup.RootElement.GetProperty("answer").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task InvalidRange_AsJson_400WithTheFieldViolations()
    {
        var body = """{ "range": { "context": "e164", "pattern": "_4X[", "routes": [ { "uriTemplate": "sip:${NUMBER}@h.example.net" } ] } }""";

        using var response = await _json.PostAsync(new Uri("/v1/ranges", UriKind.Relative), Json(body));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        using var status = JsonDocument.Parse(text);
        Assert.Equal(3, status.RootElement.GetProperty("code").GetInt32());
        Assert.Contains("range.pattern", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listeners_AnswerOnlyTheirOwnRequests()
    {
        // The JSON routes are not on the lookup door, the lookup door is not on the JSON listener, and
        // gRPC (HTTP/2 framing) is not spoken on the JSON listener.
        using var jsonOnDoor = await _node.Http.GetAsync(new Uri("/v1/node", UriKind.Relative));
        using var doorOnJson = await _json.GetAsync(new Uri("/lookup/3001", UriKind.Relative));
        using var grpcOnJson = await _json.PostAsync(new Uri("/numberdirectory.admin.v1.NodeService/GetNodeInfo", UriKind.Relative), new ByteArrayContent([0, 0, 0, 0, 0]) { Headers = { { "Content-Type", "application/grpc" } } });

        Assert.Equal(HttpStatusCode.NotFound, jsonOnDoor.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, doorOnJson.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, grpcOnJson.StatusCode);
    }

    [Fact]
    public async Task WithTokens_AsJson_401WithoutOne_200WithIt()
    {
        var file = Path.Combine(_temp.Path, "ops.token");
        await File.WriteAllTextAsync(file, Token + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await using var node = await TestNode.StartAsync(_temp.Data("tokens"), new Dictionary<string, string?>
        {
            ["Admin:JsonListen"] = "127.0.0.1:0",
            ["Admin:Tokens:0:Name"] = "ops",
            ["Admin:Tokens:0:File"] = file,
        });
        using var client = new HttpClient { BaseAddress = node.AdminJsonAddress };

        using var without = await client.GetAsync(new Uri("/v1/node", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/node", UriKind.Relative)) { Headers = { { "Authorization", $"Bearer {Token}" } } };
        using var with = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
        Assert.NotEmpty((await with.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eid").GetString()!);
    }
}
