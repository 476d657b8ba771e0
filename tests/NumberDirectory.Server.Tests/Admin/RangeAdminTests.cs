using System.Net;
using DnsClient;
using Google.Rpc;
using Grpc.Core;
using NumberDirectory.Admin.V1;
using NumberDirectory.Server.Tests.Agi;
using NumberDirectory.Server.Tests.Dundi;
using NumberDirectory.Server.Tests.EnumDns;

namespace NumberDirectory.Server.Tests.Admin;

/// <summary>
/// Ranges published, updated and withdrawn over the admin API (real gRPC) answer on every door at the
/// next request — HTTP, FastAGI, ENUM, and a peer asking over DUNDi — and survive a restart.
/// </summary>
public sealed class RangeAdminTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private Mesh _mesh = null!;

    private TestNode A => _mesh["A"];

    private TestNode B => _mesh["B"];

    public async Task InitializeAsync() =>
        _mesh = await new Mesh()
            .Node("A", ("_3XXX", "iax2:pbx-a.example.net/${NUMBER}"))
            .Node("B")
            .Link("A", "B")
            .StartAsync();

    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        _temp.Dispose();
    }

    private static NumberDirectory.Admin.V1.Range Range(string pattern, string uri, uint weight = 0, params string[] flags)
    {
        var route = new Route { UriTemplate = uri, Weight = weight };
        route.Flags.AddRange(flags);
        return new NumberDirectory.Admin.V1.Range { Context = "e164", Pattern = pattern, Routes = { route } };
    }

    [Fact]
    public async Task Publish_AnswersOnEveryDoorAtTheNextRequest()
    {
        using var channel = AdminClient.Channel(B);
        var ranges = new RangeService.RangeServiceClient(channel);

        var published = await ranges.PublishRangeAsync(new PublishRangeRequest { Range = Range("_4XXX", "sip:${NUMBER}@pbx-b.example.net;transport=wss", 10) });

        Assert.Equal((RangeSource.Runtime, "_4XXX"), (published.Range.Source, published.Range.Pattern));
        Assert.Empty(published.Overlaps);
        Assert.Equal("PJSIP/numberdirectory/sip:4001@pbx-b.example.net;transport=wss", (await B.Http.GetStringAsync(new Uri("/lookup/4001", UriKind.Relative))).TrimEnd());
        var agi = await AgiTestClient.LookupAsync(B.Agi, "4002");
        Assert.Equal(("FOUND", "sip:4002@pbx-b.example.net;transport=wss"), (agi["ND_STATUS"], agi["ND_URI_1"]));
        var naptr = await EnumClient.For(B.Enum).QueryAsync("3.0.0.4.e164.example.net", QueryType.NAPTR);
        Assert.Contains(naptr.Answers.NAPtrRecords(), r => r.RegularExpression == "!^.*$!sip:4003@pbx-b.example.net;transport=wss!");

        // A asks B over DUNDi for a number it never asked before.
        Assert.Equal("PJSIP/numberdirectory/sip:4004@pbx-b.example.net;transport=wss", (await A.Http.GetStringAsync(new Uri("/lookup/4004", UriKind.Relative))).TrimEnd());
    }

    [Fact]
    public async Task UpdateThenWithdraw_TheNextRequestSeesEachChange()
    {
        using var channel = AdminClient.Channel(B);
        var ranges = new RangeService.RangeServiceClient(channel);
        await ranges.PublishRangeAsync(new PublishRangeRequest { Range = Range("_45XX", "sip:${NUMBER}@old.example.net") });
        Assert.Equal("PJSIP/4501@old.example.net", (await B.Http.GetStringAsync(new Uri("/lookup/4501", UriKind.Relative))).TrimEnd());

        var updated = await ranges.UpdateRangeAsync(new UpdateRangeRequest { Range = Range("_45XX", "sip:${NUMBER}@new.example.net", 5, "mobile") });

        Assert.Equal(["mobile"], updated.Range.Routes.Single().Flags);
        Assert.Equal("PJSIP/4501@new.example.net", (await B.Http.GetStringAsync(new Uri("/lookup/4501", UriKind.Relative))).TrimEnd());

        var withdrawn = await ranges.WithdrawRangeAsync(new WithdrawRangeRequest { Context = "e164", Pattern = "_45XX" });

        Assert.Equal("sip:${NUMBER}@new.example.net", withdrawn.Range.Routes.Single().UriTemplate);
        Assert.Equal(HttpStatusCode.NotFound, (await B.Http.GetAsync(new Uri("/lookup/4501", UriKind.Relative))).StatusCode);
        var gone = await Assert.ThrowsAsync<RpcException>(() => ranges.GetRangeAsync(new GetRangeRequest { Context = "e164", Pattern = "_45XX" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task PublishedRange_SurvivesARestart_WithdrawnOneStaysWithdrawn()
    {
        var data = _temp.Data("restart");
        await using (var node = await TestNode.StartAsync(data))
        {
            using var channel = AdminClient.Channel(node);
            var ranges = new RangeService.RangeServiceClient(channel);
            await ranges.PublishRangeAsync(new PublishRangeRequest { Range = Range("_46XX", "sip:${NUMBER}@kept.example.net") });
            await ranges.PublishRangeAsync(new PublishRangeRequest { Range = Range("_47XX", "sip:${NUMBER}@gone.example.net") });
            await ranges.UpdateRangeAsync(new UpdateRangeRequest { Range = Range("_46XX", "sip:${NUMBER}@updated.example.net") });
            await ranges.WithdrawRangeAsync(new WithdrawRangeRequest { Context = "e164", Pattern = "_47XX" });
        }

        await using var again = await TestNode.StartAsync(data);
        using var againChannel = AdminClient.Channel(again);
        var list = await new RangeService.RangeServiceClient(againChannel).ListRangesAsync(new ListRangesRequest());

        Assert.Equal(["_46XX"], list.Ranges.Select(r => r.Pattern));
        Assert.Equal("PJSIP/4601@updated.example.net", (await again.Http.GetStringAsync(new Uri("/lookup/4601", UriKind.Relative))).TrimEnd());
        Assert.Equal(HttpStatusCode.NotFound, (await again.Http.GetAsync(new Uri("/lookup/4701", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Publish_InvalidRange_EveryProblemAsAFieldViolation_AndNothingPublished()
    {
        using var channel = AdminClient.Channel(B);
        var ranges = new RangeService.RangeServiceClient(channel);
        var range = Range("_4X[", "sip:${NUMBER}@pbx-b.example.net", 0, "loud");
        range.Context = "no spaces";
        range.Routes.Add(new Route { UriTemplate = "sip:${NUMBER}@h.example.net;transport=carrier-pigeon" });

        var failure = await Assert.ThrowsAsync<RpcException>(() => ranges.PublishRangeAsync(new PublishRangeRequest { Range = range }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        var violations = failure.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations;
        Assert.Equal(["range.context", "range.pattern", "range.routes[0].flags", "range.routes[1].uri_template"], violations.Select(v => v.Field).Order(StringComparer.Ordinal));
        Assert.All(violations, v => Assert.NotEmpty(v.Description));
        Assert.Contains("loud", violations.Single(v => v.Field == "range.routes[0].flags").Description, StringComparison.Ordinal);
        Assert.Equal(0, (await ranges.ListRangesAsync(new ListRangesRequest())).TotalSize);
    }

    [Fact]
    public async Task Publish_WeightOutOfRange_FieldViolationOnTheRoutesWeight()
    {
        using var channel = AdminClient.Channel(B);

        var failure = await Assert.ThrowsAsync<RpcException>(() => new RangeService.RangeServiceClient(channel).PublishRangeAsync(new PublishRangeRequest { Range = Range("_4XXX", "sip:${NUMBER}@pbx-b.example.net", 70000) }).ResponseAsync);

        var violation = Assert.Single(failure.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal("range.routes[0].weight", violation.Field);
        Assert.Contains("0 to 59999", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_MissingRange_InvalidArgumentNamingIt()
    {
        using var channel = AdminClient.Channel(B);

        var failure = await Assert.ThrowsAsync<RpcException>(() => new RangeService.RangeServiceClient(channel).PublishRangeAsync(new PublishRangeRequest()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal("range", Assert.Single(failure.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task ConfigRange_IsListedWithItsSource_AndCannotBeChangedOrWithdrawn()
    {
        using var channel = AdminClient.Channel(A);
        var ranges = new RangeService.RangeServiceClient(channel);

        var listed = (await ranges.ListRangesAsync(new ListRangesRequest { Source = RangeSource.Config })).Ranges.Single();
        var publish = await Assert.ThrowsAsync<RpcException>(() => ranges.PublishRangeAsync(new PublishRangeRequest { Range = Range("_3XXX", "sip:${NUMBER}@other.example.net") }).ResponseAsync);
        var update = await Assert.ThrowsAsync<RpcException>(() => ranges.UpdateRangeAsync(new UpdateRangeRequest { Range = Range("_3XXX", "sip:${NUMBER}@other.example.net") }).ResponseAsync);
        var withdraw = await Assert.ThrowsAsync<RpcException>(() => ranges.WithdrawRangeAsync(new WithdrawRangeRequest { Context = "e164", Pattern = "_3XXX" }).ResponseAsync);

        Assert.Equal(("_3XXX", "iax2:pbx-a.example.net/${NUMBER}"), (listed.Pattern, listed.Routes.Single().UriTemplate));
        Assert.Equal(StatusCode.AlreadyExists, publish.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, update.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, withdraw.StatusCode);
        Assert.Contains("configuration file", withdraw.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("IAX2/pbx-a.example.net/3001", (await A.Http.GetStringAsync(new Uri("/lookup/3001", UriKind.Relative))).TrimEnd());
    }

    [Fact]
    public async Task Publish_SamePatternTwice_AlreadyExists_UpdateOfUnknown_NotFound()
    {
        using var channel = AdminClient.Channel(B);
        var ranges = new RangeService.RangeServiceClient(channel);
        await ranges.PublishRangeAsync(new PublishRangeRequest { Range = Range("_48XX", "sip:${NUMBER}@first.example.net") });

        var again = await Assert.ThrowsAsync<RpcException>(() => ranges.PublishRangeAsync(new PublishRangeRequest { Range = Range("_48XX", "sip:${NUMBER}@second.example.net") }).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => ranges.UpdateRangeAsync(new UpdateRangeRequest { Range = Range("_49XX", "sip:${NUMBER}@x.example.net") }).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);
        Assert.Contains("UpdateRange", again.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("PJSIP/4801@first.example.net", (await B.Http.GetStringAsync(new Uri("/lookup/4801", UriKind.Relative))).TrimEnd());
    }

    [Fact]
    public async Task Publish_Overlapping_ReportsTheOverlap()
    {
        using var channel = AdminClient.Channel(B);
        var ranges = new RangeService.RangeServiceClient(channel);
        await ranges.PublishRangeAsync(new PublishRangeRequest { Range = Range("_4XXX", "sip:${NUMBER}@wide.example.net") });

        var narrow = await ranges.PublishRangeAsync(new PublishRangeRequest { Range = Range("_40XX", "sip:${NUMBER}@narrow.example.net") });

        var overlap = Assert.Single(narrow.Overlaps);
        Assert.Equal(("e164", "_4XXX", RangeSource.Runtime), (overlap.Context, overlap.Pattern, overlap.Source));
    }

    [Fact]
    public async Task List_PagesAndFilters()
    {
        using var channel = AdminClient.Channel(B);
        var ranges = new RangeService.RangeServiceClient(channel);
        foreach (var pattern in new[] { "_40XX", "_41XX", "_42XX", "_5XXX", "6000" })
        {
            await ranges.PublishRangeAsync(new PublishRangeRequest { Range = Range(pattern, "sip:${NUMBER}@pbx-b.example.net") });
        }

        var seen = new List<string>();
        var token = string.Empty;
        var pages = 0;
        do
        {
            var page = await ranges.ListRangesAsync(new ListRangesRequest { PageSize = 2, PageToken = token });
            Assert.Equal(5, page.TotalSize);
            Assert.True(page.Ranges.Count <= 2);
            seen.AddRange(page.Ranges.Select(r => r.Pattern));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0 && pages < 10);
        var prefixed = await ranges.ListRangesAsync(new ListRangesRequest { PatternPrefix = "_4" });
        var otherContext = await ranges.ListRangesAsync(new ListRangesRequest { Context = "internal" });

        Assert.Equal(3, pages);
        Assert.Equal(["6000", "_40XX", "_41XX", "_42XX", "_5XXX"], seen);
        Assert.Equal(["_40XX", "_41XX", "_42XX"], prefixed.Ranges.Select(r => r.Pattern));
        Assert.Equal(0, otherContext.TotalSize);
    }
}
