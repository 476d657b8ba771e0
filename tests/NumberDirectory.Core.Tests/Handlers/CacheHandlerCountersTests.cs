using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Handlers;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.Handlers;

/// <summary>Each lookup through the cache is one hit, one miss or one stale answer; local-only lookups are none of them.</summary>
public sealed class CacheHandlerCountersTests : IAsyncDisposable
{
    private static readonly NodeId Peer = NodeId.Parse("00:00:5e:00:53:0c");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly CacheHandler _handler;

    public CacheHandlerCountersTests() => _handler = new CacheHandler(new LookupCache(_time, new CacheOptions()), _time);

    public ValueTask DisposeAsync() => _handler.DisposeAsync();

    private LookupRequest Request() => new(DialNumber.Parse("5001"), "e164", 32, [], _time.GetUtcNow() + TimeSpan.FromSeconds(1));

    private static LookupResult Found(int ttlSeconds) =>
        LookupResult.Found([new RouteAnswer("iax2:pbx-c.example.net/5001", 0, RouteFlags.Exists, Peer, TimeSpan.FromSeconds(ttlSeconds))]);

    private (long Hits, long Misses, long Stale) Counts => (_handler.Hits, _handler.Misses, _handler.StaleAnswers);

    [Fact]
    public async Task LookupAsync_MissThenHits_CountedOnceEach()
    {
        var next = new StubNext(Found(300));

        await _handler.LookupAsync(Request(), next.Invoke, CancellationToken.None);
        await _handler.LookupAsync(Request(), next.Invoke, CancellationToken.None);
        await _handler.LookupAsync(Request(), next.Invoke, CancellationToken.None);

        Assert.Equal((2L, 1L, 0L), Counts);
    }

    [Fact]
    public async Task LookupAsync_ExpiredAndPeersFail_CountedStaleNotMiss()
    {
        await _handler.LookupAsync(Request(), new StubNext(Found(60)).Invoke, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(120));

        var served = await _handler.LookupAsync(Request(), new StubNext(LookupResult.Failed("fan-out", "every peer timed out")).Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.Found, served.Status);
        Assert.Equal((0L, 1L, 1L), Counts);
    }

    [Fact]
    public async Task LookupAsync_BypassCacheAndFailuresWithNothingHeld_AreMisses()
    {
        await _handler.LookupAsync(Request(), new StubNext(LookupResult.Failed("fan-out", "down")).Invoke, CancellationToken.None);
        await _handler.LookupAsync(Request() with { BypassCache = true }, new StubNext(Found(300)).Invoke, CancellationToken.None);

        Assert.Equal((0L, 2L, 0L), Counts);
    }

    [Fact]
    public async Task LookupAsync_SharedFlight_EachWaiterIsAMiss()
    {
        var gate = new TaskCompletionSource<LookupResult>();
        LookupDelegate next = async (_, _) => await gate.Task;

        var first = _handler.LookupAsync(Request(), next, CancellationToken.None).AsTask();
        var second = _handler.LookupAsync(Request(), next, CancellationToken.None).AsTask();
        gate.SetResult(Found(300));
        await Task.WhenAll(first, second);

        Assert.Equal((0L, 2L, 0L), Counts);
    }

    [Fact]
    public async Task LookupAsync_LocalOnly_NotCounted()
    {
        await _handler.LookupAsync(Request() with { LocalOnly = true }, new StubNext(LookupResult.NotFound(TimeSpan.FromSeconds(30))).Invoke, CancellationToken.None);

        Assert.Equal((0L, 0L, 0L), Counts);
    }
}
