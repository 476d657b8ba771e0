using System.Diagnostics;
using System.Net;
using DnsClient;
using Google.Protobuf.WellKnownTypes;
using NumberDirectory.Admin.V1;
using NumberDirectory.Core.Routes;
using NumberDirectory.Server.Tests.Admin;

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>
/// A node whose upstream ENUM server answers NAPTR sets no node would publish: orders and preferences,
/// unknown flags, non-terminal records and rings of them, services it does not route, expressions
/// that are hostile or not ERE, SERVFAIL and silence. What the node makes of each, as HTTP and
/// <c>explain</c> show it.
/// </summary>
public sealed class UpstreamNaptrTests : IAsyncLifetime
{
    private const string Number = "+15550100123";
    private static readonly string Name = ScriptedEnumServer.NameOf(Number);
    private readonly TempDirectory _temp = new();
    private readonly ScriptedEnumServer _upstream = new();
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?>
        {
            ["UpstreamEnum:Suffixes:0:Suffix"] = ScriptedEnumServer.Suffix,
            ["UpstreamEnum:Suffixes:0:Servers:0"] = _upstream.Endpoint.ToString(),
            ["UpstreamEnum:Suffixes:0:TimeoutMs"] = "1000",

            // A loaded test machine must not turn a match into a timeout; the default has Core's tests.
            ["UpstreamEnum:MatchTimeoutMs"] = "1000",
        });
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _upstream.DisposeAsync();
        _temp.Dispose();
    }

    private static NaptrRecordData Sip(ushort order, ushort preference, string user, string flags = "u", string services = "E2U+sip") =>
        new(order, preference, flags, services, $"!^.*$!sip:{user}@pbx.example.org!", ".");

    private async Task<(HttpStatusCode Code, string Body)> LookupAsync(string number = Number)
    {
        using var response = await _node.Http.GetAsync(new Uri($"/lookup/%2B{number.TrimStart('+')}?all=1&timeout=3", UriKind.Relative));
        return (response.StatusCode, (await response.Content.ReadAsStringAsync()).TrimEnd());
    }

    private async Task<ExplainLookupResponse> ExplainAsync(string number = Number)
    {
        using var channel = AdminClient.Channel(_node);
        return await new LookupService.LookupServiceClient(channel).ExplainLookupAsync(
            new ExplainLookupRequest { Number = number, Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(3)) });
    }

    [Fact]
    public async Task TwoOrders_OnlyTheLowerOrderByPreference_AskedWithoutRd()
    {
        _upstream.Records(Name, 120, Sip(20, 1, "late"), Sip(10, 20, "second"), Sip(10, 10, "first"));

        var (code, body) = await LookupAsync();

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("PJSIP/first@pbx.example.org&PJSIP/second@pbx.example.org", body);
        Assert.Equal([(Name, false)], _upstream.Queries);
    }

    [Fact]
    public async Task LowerOrderWithoutAUsableRecord_TheNextOrder()
    {
        _upstream.Records(
            Name,
            120,
            new NaptrRecordData(10, 10, "u", "E2U+email:mailto", "!^.*$!mailto:info@example.org!", "."),
            Sip(20, 10, "voice"));

        var explained = await ExplainAsync();

        Assert.Equal(["sip:voice@pbx.example.org"], explained.Answer.Routes.Select(r => r.Uri));
        Assert.Contains(explained.Trace, s => s.Source == "upstream-enum" && s.Message.Contains("no service this node routes in 'E2U+email:mailto'", StringComparison.Ordinal));
        Assert.Contains(explained.Trace, s => s.Source == "upstream-enum" && s.Message.StartsWith("order 20 chosen", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LowerOrderWithOneUsableRecord_StopsThere()
    {
        _upstream.Records(Name, 120, Sip(10, 5, "odd", flags: "x"), Sip(10, 10, "one"), Sip(20, 1, "two"));

        var explained = await ExplainAsync();

        Assert.Equal(["sip:one@pbx.example.org"], explained.Answer.Routes.Select(r => r.Uri));
        Assert.Contains(explained.Trace, s => s.Message.StartsWith("skipped NAPTR 10 5 \"x\"", StringComparison.Ordinal) && s.Message.EndsWith("flags 'x' are not ENUM's ('u' or none)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RoutesOfEveryScheme_DialStringsAndNaptrAsServedAgain()
    {
        _upstream.Records(
            Name,
            300,
            new NaptrRecordData(10, 10, "U", "E2U+SIP", "!^\\+1(.*)$!sip:\\1@gw.example.org;user=phone!", "."),
            new NaptrRecordData(10, 20, "u", "E2U+iax2", "!^\\+(.*)$!iax:pbx.example.org/\\1!", "."),
            new NaptrRecordData(10, 30, "u", "E2U+voice:tel", "!^(.*)$!tel:\\1!", "."));

        var (code, body) = await LookupAsync();
        var dns = await EnumClient.For(_node.Enum).QueryAsync("3.2.1.0.0.1.0.5.5.5.1.e164.example.net", QueryType.NAPTR);

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("PJSIP/numberdirectory/sip:5550100123@gw.example.org;user=phone&IAX2/pbx.example.org/15550100123", body);
        Assert.Contains(dns.Answers.NAPtrRecords(), r => r.RegularExpression == "!^.*$!tel:+15550100123!");
    }

    [Fact]
    public async Task NonTerminalRecord_FollowedToTheRecordsItNames()
    {
        _upstream.Records(Name, 300, new NaptrRecordData(10, 7, "", "E2U+sip", "", "routing.carrier.example.org"));
        _upstream.Records("routing.carrier.example.org", 60, Sip(50, 50, "carrier"));

        var explained = await ExplainAsync();

        var route = Assert.Single(explained.Answer.Routes);
        Assert.Equal(("sip:carrier@pbx.example.org", 7u), (route.Uri, route.Weight));
        Assert.Equal([Name, "routing.carrier.example.org"], _upstream.Queries.Select(q => q.Name));
    }

    [Fact]
    public async Task RingOfNonTerminalRecords_StopsAfterThreeAndFails()
    {
        _upstream.Records(Name, 300, new NaptrRecordData(10, 10, "", "", "", "a.example.org"));
        _upstream.Records("a.example.org", 300, new NaptrRecordData(10, 10, "", "", "", "b.example.org"));
        _upstream.Records("b.example.org", 300, new NaptrRecordData(10, 10, "", "", "", "a.example.org"));

        var (code, _) = await LookupAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.Equal(4, _upstream.Queries.Count);
    }

    [Fact]
    public async Task HostileExpressions_SkippedAtOnceAndTheSafeRecordAnswers()
    {
        _upstream.Records(
            Name,
            120,

            // Exponential in a backtracking engine on this number; linear here, and no match.
            new NaptrRecordData(10, 1, "u", "E2U+sip", "!^(\\+?([0-9]+)+)+x$!sip:evil@pbx.example.org!", "."),

            // An automaton past the engine's size limit: refused before it runs.
            new NaptrRecordData(10, 2, "u", "E2U+sip", "!^(.{0,100}){100}$!sip:huge@pbx.example.org!", "."),

            // Not ERE at all: .NET would read it as a lazy quantifier and a digit class.
            new NaptrRecordData(10, 3, "u", "E2U+sip", "!^\\+\\d+?$!sip:dotnet@pbx.example.org!", "."),
            Sip(10, 10, "safe"));
        var clock = Stopwatch.StartNew();

        var explained = await ExplainAsync();
        clock.Stop();

        Assert.Equal(["sip:safe@pbx.example.org"], explained.Answer.Routes.Select(r => r.Uri));
        Assert.Contains(explained.Trace, s => s.Message.Contains("does not match '+15550100123'", StringComparison.Ordinal));
        Assert.Contains(explained.Trace, s => s.Message.Contains("too complex to run safely", StringComparison.Ordinal));
        Assert.Contains(explained.Trace, s => s.Message.Contains("not a POSIX ERE", StringComparison.Ordinal));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"answered after {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task OnlyAHostileExpression_NotFoundAtOnce()
    {
        _upstream.Records(Name, 120, new NaptrRecordData(10, 1, "u", "E2U+sip", "!^(([0-9]*)*)*[a-z]$!sip:evil@pbx.example.org!", "."));

        var explained = await ExplainAsync();

        Assert.Equal(LookupStatus.NotFound, explained.Answer.Status);
        Assert.Equal([Name], _upstream.Queries.Select(q => q.Name));
        Assert.Contains(explained.Trace, s => s.Source == "upstream-enum" && s.Message.EndsWith("does not match '+15550100123'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Servfail_FailedAndAskedAgainNextTime()
    {
        _upstream.Fail(Name);

        var (first, _) = await LookupAsync();
        var (second, _) = await LookupAsync();
        var dns = await EnumClient.For(_node.Enum).QueryAsync("3.2.1.0.0.1.0.5.5.5.1.e164.example.net", QueryType.NAPTR);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable), (first, second));
        Assert.Equal(DnsHeaderResponseCode.ServerFailure, dns.Header.ResponseCode);
        Assert.Equal(3, _upstream.Queries.Count);
    }

    [Fact]
    public async Task Silence_FailedWithinTheSuffixTimeout()
    {
        _upstream.Silent(Name);
        var clock = Stopwatch.StartNew();

        var explained = await ExplainAsync();
        clock.Stop();

        Assert.Equal(LookupStatus.Failed, explained.Answer.Status);
        Assert.Contains(explained.Trace, s => s.Source == "upstream-enum" && s.Message.Contains("could not answer", StringComparison.Ordinal));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"answered after {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Answer_CachedForItsTtl_NxdomainForTheNegativeTtl()
    {
        _upstream.Records(Name, 120, Sip(10, 10, "kept"));
        _upstream.NameError(ScriptedEnumServer.NameOf("+15550100999"), minimum: 600);

        await LookupAsync();
        var (code, body) = await LookupAsync();
        await LookupAsync("+15550100999");
        var (missing, _) = await LookupAsync("+15550100999");

        Assert.Equal((HttpStatusCode.OK, "PJSIP/kept@pbx.example.org"), (code, body));
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal(2, _upstream.Queries.Count);
        var cached = await ExplainAsync();
        Assert.Contains(cached.Trace, s => s.Source == "cache" && s.Message.StartsWith("hit", StringComparison.Ordinal));
        Assert.InRange(Assert.Single(cached.Answer.Routes).Ttl.Seconds, 1L, 120L);
    }
}
