using NumberDirectory.Core.Handlers;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.Handlers;

public sealed class LocalRangesHandlerTests : IDisposable
{
    private static readonly NodeId Self = NodeId.Parse("00:00:5e:00:53:01");
    private static readonly NodeId Peer = NodeId.Parse("00:00:5e:00:53:02");
    private readonly RangeTable _table = new();
    private readonly LocalRangesHandler _handler;

    public LocalRangesHandlerTests() => _handler = new LocalRangesHandler(_table, Self, new LocalRangesOptions(TimeSpan.FromMinutes(5)));

    public void Dispose() => _table.Dispose();

    private void Publish(string pattern, string uri, int weight = 0, bool merge = false, string context = "e164")
    {
        var definition = new RangeDefinition(context, pattern, [new RouteDefinition(uri, weight, null)]) { Merge = merge };
        Assert.True(definition.TryBuild(RangeSource.Runtime, out var range, out var errors), string.Join("; ", errors));
        Assert.True(_table.TryAdd(range, out _, out var error), error);
    }

    private static LookupRequest Request(string number, string context = "e164") =>
        new(DialNumber.Parse(number), context, 32, [], DateTimeOffset.MaxValue);

    private static LookupResult Remote(string uri, ushort weight) =>
        LookupResult.Found([new RouteAnswer(uri, weight, RouteFlags.Exists, Peer, TimeSpan.FromSeconds(60))]);

    [Fact]
    public async Task LookupAsync_Match_AnswersAuthoritativelyWithoutCallingNext()
    {
        Publish("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 10);
        var next = new StubNext(Remote("sip:4001@elsewhere.example.net", 0));

        var result = await _handler.LookupAsync(Request("4001"), next.Invoke, CancellationToken.None);

        Assert.False(next.Ran);
        Assert.Equal(LookupStatus.Found, result.Status);
        var route = Assert.Single(result.Routes);
        Assert.Equal("iax2:pbx-b.example.net/4001", route.Uri);
        Assert.Equal(10, route.Weight);
        Assert.Equal(Self, route.AnsweredBy);
        Assert.True(route.Flags.HasFlag(RouteFlags.Exists));
        Assert.Equal(TimeSpan.FromMinutes(5), result.Ttl);
    }

    [Fact]
    public async Task LookupAsync_NoMatch_CallsNextAndReturnsItsAnswer()
    {
        Publish("_4XXX", "iax2:pbx-b.example.net/${NUMBER}");
        var next = new StubNext(LookupResult.NotFound(TimeSpan.FromSeconds(30)));

        var result = await _handler.LookupAsync(Request("5001"), next.Invoke, CancellationToken.None);

        Assert.True(next.Ran);
        Assert.Equal(LookupStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task LookupAsync_OtherContext_DoesNotMatch()
    {
        Publish("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", context: "internal");
        var next = new StubNext(LookupResult.NotFound(TimeSpan.FromSeconds(30)));

        var result = await _handler.LookupAsync(Request("4001"), next.Invoke, CancellationToken.None);

        Assert.True(next.Ran);
        Assert.Equal(LookupStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task LookupAsync_OverlappingRanges_MostSpecificWins()
    {
        Publish("_X.", "sip:${NUMBER}@catchall.example.net");
        Publish("_4XXX", "iax2:pbx-b.example.net/${NUMBER}");
        Publish("4001", "sip:reception@pbx-b.example.net");
        var next = new StubNext(LookupResult.NotFound(TimeSpan.Zero));

        var exact = await _handler.LookupAsync(Request("4001"), next.Invoke, CancellationToken.None);
        var pattern = await _handler.LookupAsync(Request("4002"), next.Invoke, CancellationToken.None);
        var catchall = await _handler.LookupAsync(Request("5002"), next.Invoke, CancellationToken.None);

        Assert.Equal("sip:reception@pbx-b.example.net", Assert.Single(exact.Routes).Uri);
        Assert.Equal("iax2:pbx-b.example.net/4002", Assert.Single(pattern.Routes).Uri);
        Assert.Equal("sip:5002@catchall.example.net", Assert.Single(catchall.Routes).Uri);
        Assert.False(next.Ran);
    }

    [Fact]
    public async Task LookupAsync_PrefixStripTemplate_RewritesTheNumber()
    {
        Publish("_7XXX", "iax2:pbx-b.example.net/${NUMBER:1}");

        var result = await _handler.LookupAsync(Request("7123"), new StubNext(LookupResult.NotFound(TimeSpan.Zero)).Invoke, CancellationToken.None);

        Assert.Equal("iax2:pbx-b.example.net/123", Assert.Single(result.Routes).Uri);
    }

    [Fact]
    public async Task LookupAsync_MergeRange_CallsNextAndMergesByWeight()
    {
        Publish("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 20, merge: true);
        var next = new StubNext(Remote("sip:4001@pbx-c.example.net", 5));

        var result = await _handler.LookupAsync(Request("4001"), next.Invoke, CancellationToken.None);

        Assert.True(next.Ran);
        Assert.Equal(LookupStatus.Found, result.Status);
        Assert.Equal(["sip:4001@pbx-c.example.net", "iax2:pbx-b.example.net/4001"], result.Routes.Select(r => r.Uri));
        Assert.Equal(TimeSpan.FromSeconds(60), result.Ttl);
        Assert.False(result.Partial);
    }

    [Fact]
    public async Task LookupAsync_MergeRange_TheRestOfTheChainDoesNotGoUpstream()
    {
        Publish("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 20, merge: true);
        var next = new StubNext(LookupResult.NotFound(TimeSpan.FromSeconds(30)));

        await _handler.LookupAsync(Request("4001"), next.Invoke, CancellationToken.None);

        Assert.True(Assert.Single(next.Calls).NoUpstream);
    }

    [Fact]
    public async Task LookupAsync_MergeRangeWhenPeersFail_AnswersLocalRoutesMarkedPartial()
    {
        Publish("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 20, merge: true);
        var next = new StubNext(LookupResult.Failed("fan-out", "every peer timed out"));

        var result = await _handler.LookupAsync(Request("4001"), next.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.Found, result.Status);
        Assert.True(result.Partial);
        Assert.Single(result.Routes);
    }

    [Fact]
    public async Task LookupAsync_MergeRangeButLocalOnly_DoesNotCallNext()
    {
        Publish("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 20, merge: true);
        var next = new StubNext(Remote("sip:4001@pbx-c.example.net", 5));

        var result = await _handler.LookupAsync(Request("4001") with { LocalOnly = true }, next.Invoke, CancellationToken.None);

        Assert.False(next.Ran);
        Assert.Single(result.Routes);
    }

    [Fact]
    public async Task LookupAsync_PatternThatMatchesMore_FlagsMatchMore()
    {
        Publish("_40.", "sip:${NUMBER}@pbx-b.example.net");

        var result = await _handler.LookupAsync(Request("4001"), new StubNext(LookupResult.NotFound(TimeSpan.Zero)).Invoke, CancellationToken.None);

        var flags = Assert.Single(result.Routes).Flags;
        Assert.True(flags.HasFlag(RouteFlags.Exists));
        Assert.True(flags.HasFlag(RouteFlags.MatchMore));
    }

    [Fact]
    public async Task LookupAsync_NumberStillBeingDialledForDundi_AnswersCanMatchRoutesWithoutAskingOn()
    {
        Publish("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 10);
        var next = new StubNext(LookupResult.NotFound(TimeSpan.Zero));

        var result = await _handler.LookupAsync(Request("40") with { IncludePartialMatches = true }, next.Invoke, CancellationToken.None);

        Assert.False(next.Ran);
        Assert.Equal(LookupStatus.Found, result.Status);
        var route = Assert.Single(result.Routes);
        Assert.Equal(RouteFlags.CanMatch | RouteFlags.MatchMore, route.Flags);
        Assert.Equal("iax2:pbx-b.example.net/40", route.Uri);
    }

    [Fact]
    public async Task LookupAsync_NumberStillBeingDialledForAFrontDoor_IsNotAnAnswer()
    {
        Publish("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 10);
        var next = new StubNext(LookupResult.NotFound(TimeSpan.FromSeconds(30)));

        var result = await _handler.LookupAsync(Request("40"), next.Invoke, CancellationToken.None);

        Assert.True(next.Ran);
        Assert.Equal(LookupStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task LookupAsync_E164NumberWithPlus_MatchesE164Range()
    {
        Publish("+15550100000-+15550199999", "tel:+${NUMBER}");

        var result = await _handler.LookupAsync(Request("+15550100042"), new StubNext(LookupResult.NotFound(TimeSpan.Zero)).Invoke, CancellationToken.None);

        Assert.Equal("tel:+15550100042", Assert.Single(result.Routes).Uri);
    }
}
