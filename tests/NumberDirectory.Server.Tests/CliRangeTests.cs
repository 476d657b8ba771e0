using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using NumberDirectory.Admin.V1;
using NumberDirectory.Cli;
using NumberDirectory.Server.Tests.Dundi;

namespace NumberDirectory.Server.Tests;

/// <summary>
/// <c>numdir ranges</c> and <c>numdir cache</c> against real nodes: A publishes _3XXX from its configuration and
/// learns B's _4XXX over DUNDi.
/// </summary>
public sealed class CliRangeTests : IAsyncLifetime
{
    private Mesh _mesh = null!;

    private TestNode A => _mesh["A"];

    public async Task InitializeAsync() =>
        _mesh = await new Mesh()
            .Node("A", ("_3XXX", "iax2:pbx-a.example.net/${NUMBER}"))
            .Node("B", ("_4XXX", "sip:${NUMBER}@pbx-b.example.net"))
            .Link("A", "B")
            .StartAsync();

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    private Task<NumdirRun> AdminAsync(params string[] args) => Numdir.AdminAsync(A, args);

    [Fact]
    public async Task Add_RoutesAsStructuredOptions_EachOptionBelongsToTheRouteBeforeIt()
    {
        var added = await AdminAsync(
            "ranges", "add", "_5XXX", "--description", "branch C",
            "--route", "sip:${NUMBER}@pbx-c.example.net;transport=tls", "--weight", "10", "--flag", "mobile", "--flag", "residential",
            "--route", "iax2:pbx-c.example.net/${NUMBER}", "--weight", "20", "--naptr-service", "E2U+iax2", "--naptr-order", "50",
            "--route-json", """{"uriTemplate": "tel:+1555${NUMBER}", "weight": 30}""");
        var shown = await AdminAsync("ranges", "show", "_5XXX", "--json");

        Assert.Equal((NumdirCommand.ExitOk, string.Empty), added.Outcome);
        Assert.StartsWith("published _5XXX in e164", added.Out, StringComparison.Ordinal);
        var range = JsonParser.Default.Parse<GetRangeResponse>(shown.Out).Range;
        Assert.Equal(
            [("sip:${NUMBER}@pbx-c.example.net;transport=tls", 10u, "mobile,residential"), ("iax2:pbx-c.example.net/${NUMBER}", 20u, string.Empty), ("tel:+1555${NUMBER}", 30u, string.Empty)],
            range.Routes.Select(r => (r.UriTemplate, r.Weight, string.Join(',', r.Flags.Order()))));
        Assert.Equal(("E2U+iax2", 50u), (range.Routes[1].Naptr.Service, range.Routes[1].Naptr.Order));
        Assert.Equal((RangeSource.Runtime, "branch C"), (range.Source, range.Description));
        Assert.Contains("PJSIP/numberdirectory/sip:5001@pbx-c.example.net;transport=tls", (await AdminAsync("lookup", "5001")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateThenRm_ChangesOnlyWhatIsGiven_ThenShowIsNotFound()
    {
        await AdminAsync("ranges", "add", "_6XXX", "--route", "sip:${NUMBER}@old.example.net", "--display-name", "Branch D");

        var updated = await AdminAsync("ranges", "update", "_6XXX", "--route", "sip:${NUMBER}@new.example.net", "--weight", "5", "--merge");
        var afterUpdate = JsonParser.Default.Parse<GetRangeResponse>((await AdminAsync("ranges", "show", "_6XXX", "--json")).Out).Range;
        var removed = await AdminAsync("ranges", "rm", "_6XXX", "--json");
        var gone = await AdminAsync("ranges", "show", "_6XXX");

        Assert.Equal((NumdirCommand.ExitOk, string.Empty), updated.Outcome);
        Assert.Equal(("sip:${NUMBER}@new.example.net", 5u, true, "Branch D"), (afterUpdate.Routes.Single().UriTemplate, afterUpdate.Routes.Single().Weight, afterUpdate.Merge, afterUpdate.DisplayName));
        Assert.Equal("_6XXX", JsonParser.Default.Parse<WithdrawRangeResponse>(removed.Out).Range.Pattern);
        Assert.Equal(NumdirCommand.ExitNotFound, gone.Exit);
        Assert.Contains("NOT_FOUND", gone.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_Invalid_RefusedWithEveryFieldReasonTheNodeGives()
    {
        var invalid = new NumberDirectory.Admin.V1.Range { Pattern = "_7[0-4XX", Routes = { new Route { UriTemplate = "ftp://pbx.example.net/${NUMBER}" } } };
        var direct = await Assert.ThrowsAsync<RpcException>(() =>
            new RangeService.RangeServiceClient(Admin.AdminClient.Channel(A)).PublishRangeAsync(new PublishRangeRequest { Range = invalid }).ResponseAsync);
        var expected = direct.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => $"  {v.Field}: {v.Description}");

        var run = await AdminAsync("ranges", "add", "_7[0-4XX", "--route", "ftp://pbx.example.net/${NUMBER}");
        var weight = await AdminAsync("ranges", "add", "_71XX", "--route", "sip:${NUMBER}@pbx-g.example.net", "--weight", "70000");

        Assert.Equal(NumdirCommand.ExitRefused, run.Exit);
        Assert.Equal(expected, run.Err.Split('\n').Where(l => l.StartsWith("  range", StringComparison.Ordinal)));
        Assert.Contains(expected, r => r.StartsWith("  range.pattern: ", StringComparison.Ordinal));
        Assert.Contains(expected, r => r.StartsWith("  range.routes[0].uri_template: ", StringComparison.Ordinal));
        Assert.Equal(NumdirCommand.ExitRefused, weight.Exit);
        Assert.Matches(@"(?m)^  range\S*: .*weight 70000", weight.Err);
        Assert.Equal(NumdirCommand.ExitNotFound, (await AdminAsync("ranges", "show", "_7[0-4XX")).Exit);
    }

    [Fact]
    public async Task Add_Twice_AlreadyExists_UpdateOfConfigRange_FailedPrecondition_BothRefused()
    {
        await AdminAsync("ranges", "add", "_8XXX", "--route", "sip:${NUMBER}@pbx-e.example.net");

        var twice = await AdminAsync("ranges", "add", "_8XXX", "--route", "sip:${NUMBER}@pbx-e.example.net");
        var config = await AdminAsync("ranges", "update", "_3XXX", "--route", "sip:${NUMBER}@elsewhere.example.net", "--weight", "1");

        Assert.Equal(NumdirCommand.ExitRefused, twice.Exit);
        Assert.Contains("ALREADY_EXISTS", twice.Err, StringComparison.Ordinal);
        Assert.Equal(NumdirCommand.ExitRefused, config.Exit);
        Assert.Contains("FAILED_PRECONDITION", config.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_FollowsEveryPageToTheEnd_UnlessLimited()
    {
        for (var i = 0; i < 5; i++)
        {
            var pattern = string.Create(CultureInfo.InvariantCulture, $"90{i}X");
            Assert.Equal(NumdirCommand.ExitOk, (await AdminAsync("ranges", "add", $"_{pattern}", "--route", "sip:${NUMBER}@pbx-f.example.net")).Exit);
        }

        var all = JsonParser.Default.Parse<ListRangesResponse>((await AdminAsync("ranges", "ls", "--prefix", "_90", "--page-size", "2", "--json")).Out);
        var limited = JsonParser.Default.Parse<ListRangesResponse>((await AdminAsync("ranges", "ls", "--prefix", "_90", "--page-size", "2", "--limit", "3", "--json")).Out);
        var table = await AdminAsync("ranges", "ls", "--source", "config");

        Assert.Equal(["_900X", "_901X", "_902X", "_903X", "_904X"], all.Ranges.Select(r => r.Pattern));
        Assert.Equal((5, string.Empty), (all.TotalSize, all.NextPageToken));
        Assert.Equal(["_900X", "_901X", "_902X"], limited.Ranges.Select(r => r.Pattern));
        Assert.NotEmpty(limited.NextPageToken);
        Assert.Matches(@"(?m)^CONTEXT\s+PATTERN\s+SOURCE\s+MERGE\s+ROUTES$", table.Out);
        Assert.Matches(@"(?m)^e164\s+_3XXX\s+config\s+no\s+iax2:pbx-a\.example\.net/\$\{NUMBER\} \(0\)$", table.Out);
    }

    [Fact]
    public async Task Cache_LsShowFlush_TheAnswerLearnedFromThePeer()
    {
        Assert.Equal(NumdirCommand.ExitOk, (await AdminAsync("lookup", "4003", "--timeout", "3")).Exit);

        var ls = await AdminAsync("cache", "ls", "--prefix", "40");
        var lsJson = JsonParser.Default.Parse<ListCacheEntriesResponse>((await AdminAsync("cache", "ls", "--prefix", "40", "--json")).Out);
        var show = await AdminAsync("cache", "show", "4003", "--json");
        var flush = await AdminAsync("cache", "flush", "--number", "4003", "--json");
        var gone = await AdminAsync("cache", "show", "4003");

        Assert.Equal((NumdirCommand.ExitOk, string.Empty), ls.Outcome);
        Assert.Matches(@"(?m)^e164\s+4003\s+found\s+fresh until \S+ \S+\s+sip:4003@pbx-b\.example\.net$", ls.Out);
        Assert.Equal(["4003"], lsJson.Entries.Select(e => e.Number));
        Assert.Equal(Mesh.Eid("B").ToString(), JsonParser.Default.Parse<GetCacheEntryResponse>(show.Out).Entry.Routes.Single().AnsweredBy);
        Assert.Equal(1, JsonParser.Default.Parse<FlushCacheResponse>(flush.Out).Flushed);
        Assert.Equal(NumdirCommand.ExitNotFound, gone.Exit);
    }

    [Fact]
    public async Task CacheFlush_ByPrefixPeerAndAll()
    {
        foreach (var number in new[] { "4101", "4102", "4201" })
        {
            Assert.Equal(NumdirCommand.ExitOk, (await AdminAsync("lookup", number, "--timeout", "3")).Exit);
        }

        var prefix = await AdminAsync("cache", "flush", "--prefix", "41");
        var peer = await AdminAsync("cache", "flush", "--peer", Mesh.Eid("B").ToString(), "--json");
        var all = await AdminAsync("cache", "flush", "--all", "--json");

        Assert.Equal(("flushed 2 answer(s)\n", NumdirCommand.ExitOk), (prefix.Out, prefix.Exit));
        using var peerJson = JsonDocument.Parse(peer.Out);
        Assert.Equal(1, peerJson.RootElement.GetProperty("flushed").GetInt32());
        Assert.Equal(0, JsonParser.Default.Parse<FlushCacheResponse>(all.Out).Flushed);
    }
}
