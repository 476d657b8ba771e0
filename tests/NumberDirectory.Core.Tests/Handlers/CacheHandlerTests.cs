using System.Collections.Immutable;
using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Handlers;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.Handlers;

public sealed class CacheHandlerTests : IAsyncDisposable
{
    private static readonly NodeId Peer = NodeId.Parse("00:00:5e:00:53:0c");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly LookupCache _cache;
    private readonly CacheHandler _handler;

    public CacheHandlerTests()
    {
        _cache = new LookupCache(_time, new CacheOptions());
        _handler = new CacheHandler(_cache, _time);
    }

    public ValueTask DisposeAsync() => _handler.DisposeAsync();

    private LookupRequest Request(string number = "5001", params NodeId[] path) =>
        new(DialNumber.Parse(number), "e164", 32, [.. path], _time.GetUtcNow() + TimeSpan.FromSeconds(1));

    private static LookupResult Found(int ttlSeconds, string uri = "iax2:pbx-c.example.net/5001") =>
        LookupResult.Found([new RouteAnswer(uri, 0, RouteFlags.Exists, Peer, TimeSpan.FromSeconds(ttlSeconds))]);

    [Fact]
    public async Task LookupAsync_FreshAnswer_IsServedWithoutAskingAndItsTtlCountsDown()
    {
        var next = new StubNext(Found(300));
        await _handler.LookupAsync(Request(), next.Invoke, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(100));

        var result = await _handler.LookupAsync(Request(), next.Invoke, CancellationToken.None);

        Assert.Single(next.Calls);
        Assert.Equal(LookupStatus.Found, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(200), result.Ttl);
        Assert.Equal(TimeSpan.FromSeconds(200), Assert.Single(result.Routes).Ttl);
        Assert.Contains(result.Trace, t => t.Source == "cache" && t.Message.StartsWith("hit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LookupAsync_AfterExpiry_AsksAgain()
    {
        var next = new StubNext(Found(60));
        await _handler.LookupAsync(Request(), next.Invoke, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(60));

        await _handler.LookupAsync(Request(), next.Invoke, CancellationToken.None);

        Assert.Equal(2, next.Calls.Count);
    }

    [Fact]
    public async Task LookupAsync_NotFound_IsKeptForTheNegativeTtlOnly()
    {
        var next = new StubNext(LookupResult.NotFound(TimeSpan.FromSeconds(3600)));
        await _handler.LookupAsync(Request(), next.Invoke, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(29));
        var cached = await _handler.LookupAsync(Request(), next.Invoke, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _handler.LookupAsync(Request(), next.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.NotFound, cached.Status);
        Assert.Equal(TimeSpan.FromSeconds(1), cached.Ttl);
        Assert.Equal(2, next.Calls.Count);
    }

    [Fact]
    public async Task LookupAsync_FailedOrPartial_IsNeverCached()
    {
        var failed = new StubNext(LookupResult.Failed("fan-out", "timeout"));
        var partial = new StubNext(Found(300) with { Partial = true });

        await _handler.LookupAsync(Request("5001"), failed.Invoke, CancellationToken.None);
        await _handler.LookupAsync(Request("5001"), failed.Invoke, CancellationToken.None);
        await _handler.LookupAsync(Request("5002"), partial.Invoke, CancellationToken.None);
        await _handler.LookupAsync(Request("5002"), partial.Invoke, CancellationToken.None);

        Assert.Equal(2, failed.Calls.Count);
        Assert.Equal(2, partial.Calls.Count);
        Assert.Equal(0, _cache.Count);
    }

    [Fact]
    public async Task LookupAsync_BypassCache_AsksAndStoresTheNewAnswer()
    {
        await _handler.LookupAsync(Request(), new StubNext(Found(300, "iax2:old.example.net/5001")).Invoke, CancellationToken.None);
        var next = new StubNext(Found(300, "iax2:new.example.net/5001"));

        await _handler.LookupAsync(Request() with { BypassCache = true }, next.Invoke, CancellationToken.None);
        var after = await _handler.LookupAsync(Request(), next.Invoke, CancellationToken.None);

        Assert.Single(next.Calls);
        Assert.Equal("iax2:new.example.net/5001", Assert.Single(after.Routes).Uri);
    }

    [Fact]
    public async Task LookupAsync_PeersFailAfterExpiry_ServesStaleAndRefreshesInTheBackground()
    {
        await _handler.LookupAsync(Request(), new StubNext(Found(60)).Invoke, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(120));
        var refreshed = new TaskCompletionSource<LookupRequest>();
        var calls = 0;
        LookupDelegate next = (request, _) =>
        {
            if (++calls == 1)
            {
                return ValueTask.FromResult(LookupResult.Failed("fan-out", "every peer timed out"));
            }

            refreshed.SetResult(request);
            return ValueTask.FromResult(Found(300, "iax2:fresh.example.net/5001"));
        };

        var stale = await _handler.LookupAsync(Request(), next, CancellationToken.None);
        var refresh = await refreshed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(SpinWait.SpinUntil(() => _handler.RefreshesRunning == 0, TimeSpan.FromSeconds(30)));

        var after = await _handler.LookupAsync(Request(), next, CancellationToken.None);

        Assert.Equal(LookupStatus.Found, stale.Status);
        Assert.Equal("iax2:pbx-c.example.net/5001", Assert.Single(stale.Routes).Uri);
        Assert.Equal(TimeSpan.FromSeconds(30), stale.Ttl);
        Assert.Contains(stale.Trace, t => t.Message.Contains("stale", StringComparison.Ordinal));
        Assert.True(refresh.BypassCache);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(2), refresh.Deadline);
        Assert.Equal("iax2:fresh.example.net/5001", Assert.Single(after.Routes).Uri);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task LookupAsync_PastTheStaleLimit_AnswersTheFailure()
    {
        await _handler.LookupAsync(Request(), new StubNext(Found(60)).Invoke, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(60) + TimeSpan.FromHours(1));

        var result = await _handler.LookupAsync(Request(), new StubNext(LookupResult.Failed("fan-out", "down")).Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.Failed, result.Status);
    }

    [Fact]
    public async Task LookupAsync_ConcurrentFrontDoorRequests_ShareOneLookup()
    {
        var gate = new TaskCompletionSource<LookupResult>();
        var calls = 0;
        LookupDelegate next = async (_, _) =>
        {
            Interlocked.Increment(ref calls);
            return await gate.Task;
        };

        var first = _handler.LookupAsync(Request(), next, CancellationToken.None).AsTask();
        var second = _handler.LookupAsync(Request(), next, CancellationToken.None).AsTask();
        gate.SetResult(Found(300));
        var results = await Task.WhenAll(first, second);

        Assert.Equal(1, calls);
        Assert.All(results, r => Assert.Equal(LookupStatus.Found, r.Status));
        Assert.Contains(results[1].Trace, t => t.Message.Contains("in flight", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LookupAsync_PeerRequestsWithAPath_AreNotShared()
    {
        var gate = new TaskCompletionSource<LookupResult>();
        var calls = 0;
        LookupDelegate next = async (_, _) =>
        {
            Interlocked.Increment(ref calls);
            return await gate.Task;
        };

        var first = _handler.LookupAsync(Request("5001", Peer), next, CancellationToken.None).AsTask();
        var second = _handler.LookupAsync(Request("5001", Peer), next, CancellationToken.None).AsTask();
        gate.SetResult(Found(300));
        await Task.WhenAll(first, second);

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task LookupAsync_LocalOnly_NeitherReadsNorWrites()
    {
        await _handler.LookupAsync(Request(), new StubNext(Found(300)).Invoke, CancellationToken.None);
        var next = new StubNext(LookupResult.NotFound(TimeSpan.FromSeconds(30)));

        var result = await _handler.LookupAsync(Request() with { LocalOnly = true }, next.Invoke, CancellationToken.None);

        Assert.True(next.Ran);
        Assert.Equal(LookupStatus.NotFound, result.Status);
        Assert.Equal(1, _cache.Count);
    }

    [Fact]
    public async Task LookupAsync_NotFoundLearnedByAFrontDoor_DoesNotAnswerALookupKeepingPartialMatches()
    {
        // The front door dropped the peer's CANMATCH routes for "4" and cached "not found"; a DUNDi or
        // ENUM lookup of "4" must still see them (NODATA, not NXDOMAIN; overlap dialling goes on).
        var canMatch = LookupResult.Found([new RouteAnswer("iax2:pbx-c.example.net/4", 0, RouteFlags.CanMatch | RouteFlags.MatchMore, Peer, TimeSpan.FromSeconds(60))]);
        var frontDoor = new StubNext(LookupResult.NotFound(TimeSpan.FromSeconds(30)));
        await _handler.LookupAsync(Request("4"), frontDoor.Invoke, CancellationToken.None);

        var partial = new StubNext(canMatch);
        var result = await _handler.LookupAsync(Request("4") with { IncludePartialMatches = true }, partial.Invoke, CancellationToken.None);

        Assert.True(partial.Ran);
        Assert.Equal(LookupStatus.Found, result.Status);
    }

    [Fact]
    public async Task LookupAsync_NotFoundLearnedKeepingPartialMatches_AnswersAFrontDoorToo()
    {
        var first = new StubNext(LookupResult.NotFound(TimeSpan.FromSeconds(30)));
        await _handler.LookupAsync(Request("4") with { IncludePartialMatches = true }, first.Invoke, CancellationToken.None);

        var second = new StubNext(LookupResult.NotFound(TimeSpan.FromSeconds(30)));
        var result = await _handler.LookupAsync(Request("4"), second.Invoke, CancellationToken.None);

        Assert.False(second.Ran);
        Assert.Equal(LookupStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task LookupAsync_NotFoundConcludedWithoutUpstream_DoesNotAnswerALookupThatMayAskUpstream()
    {
        // An ENUM query without RD learned "not found" without asking upstream ENUM; an HTTP lookup of
        // the same number must still ask.
        var withoutUpstream = new StubNext(LookupResult.NotFound(TimeSpan.FromSeconds(30)) with { WithoutUpstream = true });
        await _handler.LookupAsync(Request() with { NoUpstream = true }, withoutUpstream.Invoke, CancellationToken.None);

        var upstream = new StubNext(Found(300, "sip:5001@pbx.example.org"));
        var result = await _handler.LookupAsync(Request(), upstream.Invoke, CancellationToken.None);

        Assert.True(upstream.Ran);
        Assert.Equal(LookupStatus.Found, result.Status);
    }

    [Fact]
    public async Task LookupAsync_NotFoundConcludedWithoutUpstream_AnswersAnotherLookupThatMayNot()
    {
        var first = new StubNext(LookupResult.NotFound(TimeSpan.FromSeconds(30)) with { WithoutUpstream = true });
        await _handler.LookupAsync(Request() with { NoUpstream = true }, first.Invoke, CancellationToken.None);

        var second = new StubNext(LookupResult.NotFound(TimeSpan.FromSeconds(30)));
        var result = await _handler.LookupAsync(Request("5001", Peer), second.Invoke, CancellationToken.None);

        Assert.False(second.Ran);
        Assert.Equal(LookupStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task LookupAsync_ConcurrentRequestsOneWithoutUpstream_AreNotShared()
    {
        var gate = new TaskCompletionSource<LookupResult>();
        var calls = 0;
        LookupDelegate next = async (_, _) =>
        {
            Interlocked.Increment(ref calls);
            return await gate.Task;
        };

        var first = _handler.LookupAsync(Request() with { NoUpstream = true }, next, CancellationToken.None).AsTask();
        var second = _handler.LookupAsync(Request(), next, CancellationToken.None).AsTask();
        gate.SetResult(LookupResult.NotFound(TimeSpan.FromSeconds(30)));
        await Task.WhenAll(first, second);

        Assert.Equal(2, calls);
    }
}
