using System.Net;

namespace NumberDirectory.Server.Tests.Http;

/// <summary>
/// The fuzz targets' named malformed cases for the HTTP door (tests/fuzz/README.md): each request gets the
/// status named, a refusal of the door its reason in the body, and moves exactly the door's counters named,
/// nothing else. A request the HTTP server itself refuses never reaches the door: no reason, nothing counted.
/// </summary>
public sealed class MalformedRequestTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private TestNode _node = null!;

    /// <summary>Name → (request target, status, counters moved).</summary>
    private static readonly Dictionary<string, (string Target, HttpStatusCode Status, string[] Counted)> CaseTable = new(StringComparer.Ordinal)
    {
        // The HTTP server refuses a NUL in the path before any endpoint runs: its bare 400, nothing counted.
        ["NUL in the number"] = ("/lookup/4%00", HttpStatusCode.BadRequest, []),
        ["letter in the number"] = ("/lookup/40a1", HttpStatusCode.BadRequest, ["number"]),
        ["'+' alone"] = ("/lookup/%2B", HttpStatusCode.BadRequest, ["number"]),
        ["'*' in an E.164 number"] = ("/lookup/%2B7*95", HttpStatusCode.BadRequest, ["number"]),
        ["16 digits after '+'"] = ("/lookup/%2B1234567890123456", HttpStatusCode.BadRequest, ["number"]),
        ["82 characters"] = ("/lookup/" + new string('4', 82), HttpStatusCode.BadRequest, ["number"]),
        ["non-ASCII digit"] = ("/lookup/4%D9%A301", HttpStatusCode.BadRequest, ["number"]),
        ["empty context"] = ("/lookup/4001?context=", HttpStatusCode.BadRequest, ["context"]),
        ["context with a space"] = ("/lookup/4001?context=a%20b", HttpStatusCode.BadRequest, ["context"]),
        ["context of 65 characters"] = ("/lookup/4001?context=" + new string('c', 65), HttpStatusCode.BadRequest, ["context"]),
        ["timeout that is not a number"] = ("/lookup/4001?timeout=abc", HttpStatusCode.BadRequest, ["timeout"]),
        ["timeout NaN"] = ("/lookup/4001?timeout=NaN", HttpStatusCode.BadRequest, ["timeout"]),
        ["timeout 1e400 (infinite)"] = ("/lookup/4001?timeout=1e400", HttpStatusCode.BadRequest, ["timeout"]),
        ["timeout zero"] = ("/lookup/4001?timeout=0", HttpStatusCode.BadRequest, ["timeout"]),
        ["unknown format"] = ("/lookup/4001?format=xml", HttpStatusCode.BadRequest, ["format"]),
        ["unknown format wins over a bad number"] = ("/lookup/40a1?format=xml", HttpStatusCode.BadRequest, ["format"]),
        ["huge timeout is capped, not refused"] = ("/lookup/4001?timeout=1e300", HttpStatusCode.OK, ["lookup found"]),
        ["two contexts, both valid, are joined and refused"] = ("/lookup/4001?context=e164&context=other", HttpStatusCode.BadRequest, ["context"]),
    };

    public static TheoryData<string> Cases() => [.. CaseTable.Keys];

    public async Task InitializeAsync() =>
        _node = await TestNode.StartAsync(_temp.Data(), Ranges.Config(("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 10)));

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _temp.Dispose();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MalformedCase_GetsItsStatusAndReason_AndMovesExactlyItsCounters(string name)
    {
        var (target, status, counted) = CaseTable[name];
        var before = await MetricsScrape.TakeAsync(_node);

        using var response = await _node.Http.GetAsync(new Uri(target, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, response.StatusCode);
        if (status == HttpStatusCode.BadRequest && counted.Length > 0)
        {
            Assert.Equal("INVALID", response.Headers.GetValues("X-NumberDirectory-Status").Single());
            Assert.False(string.IsNullOrWhiteSpace(body), "a refusal says why");
            Assert.DoesNotContain(body.TrimEnd('\n'), c => char.IsControl(c));
        }

        var after = await MetricsScrape.TakeAsync(_node);
        Assert.Equal(counted.ToDictionary(c => c, _ => 1.0), HttpDeltas(before, after));
    }

    /// <summary>Every HTTP-door counter that moved: rejections by reason, lookups as "lookup {status}".</summary>
    private static Dictionary<string, double> HttpDeltas(MetricsScrape before, MetricsScrape after)
    {
        const string Rejected = "numberdirectory_rejected_total{door=\"http\",reason=\"";
        const string Lookups = "numberdirectory_lookups_total{door=\"http\",status=\"";
        return after.Series.Where(s => (s.StartsWith(Rejected, StringComparison.Ordinal) || s.StartsWith(Lookups, StringComparison.Ordinal)) && after.Since(before, s) != 0)
            .ToDictionary(s => s.StartsWith(Rejected, StringComparison.Ordinal) ? s[Rejected.Length..^2] : "lookup " + s[Lookups.Length..^2], s => after.Since(before, s));
    }
}
