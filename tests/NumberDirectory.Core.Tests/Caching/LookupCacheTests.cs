using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.Caching;

public class LookupCacheTests
{
    private static readonly NodeId B = NodeId.Parse("00:00:5e:00:53:0b");
    private static readonly NodeId C = NodeId.Parse("00:00:5e:00:53:0c");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    private static LookupResult Found(NodeId by, int ttl = 300) =>
        LookupResult.Found([new RouteAnswer("iax2:h.example.net/1", 0, RouteFlags.Exists, by, TimeSpan.FromSeconds(ttl))]);

    private LookupCache Filled(CacheOptions? options = null)
    {
        var cache = new LookupCache(_time, options ?? new CacheOptions());
        cache.Store(new CacheKey("e164", "4001"), Found(B));
        cache.Store(new CacheKey("e164", "4002"), Found(B));
        cache.Store(new CacheKey("e164", "5001"), Found(C));
        cache.Store(new CacheKey("internal", "4001"), Found(C));
        return cache;
    }

    [Fact]
    public void FlushNumber_RemovesOnlyThatNumberInThatContext()
    {
        var cache = Filled();

        Assert.Equal(1, cache.FlushNumber("e164", DialNumber.Parse("4001")));
        Assert.False(cache.TryGet(new CacheKey("e164", "4001"), out _));
        Assert.True(cache.TryGet(new CacheKey("internal", "4001"), out _));
    }

    [Fact]
    public void FlushPrefix_RemovesMatchingNumbersInOneOrEveryContext()
    {
        Assert.Equal(2, Filled().FlushPrefix("e164", "40"));
        Assert.Equal(3, Filled().FlushPrefix(null, "40"));
    }

    [Fact]
    public void FlushPeer_RemovesAnswersFromThatPeer()
    {
        var cache = Filled();

        Assert.Equal(2, cache.FlushPeer(C));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void FlushAll_EmptiesTheCache() => Assert.Equal(4, Filled().FlushAll());

    [Fact]
    public void Restore_DropsEntriesPastTheirStaleLimit()
    {
        var snapshot = Filled(new CacheOptions { MaxStale = TimeSpan.FromMinutes(10) }).Snapshot();
        var later = new LookupCache(_time, new CacheOptions { MaxStale = TimeSpan.FromMinutes(10) });

        _time.Advance(TimeSpan.FromSeconds(300) + TimeSpan.FromMinutes(9));
        Assert.Equal(4, later.Restore(snapshot));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, new LookupCache(_time, new CacheOptions { MaxStale = TimeSpan.FromMinutes(10) }).Restore(snapshot));
    }

    [Fact]
    public void Store_BeyondMaxEntries_DropsTheEntriesExpiringFirst()
    {
        var cache = new LookupCache(_time, new CacheOptions { MaxEntries = 10 });
        for (var i = 0; i < 11; i++)
        {
            cache.Store(new CacheKey("e164", $"40{i:00}"), Found(B, 100 + i));
        }

        Assert.Equal(9, cache.Count);
        Assert.False(cache.TryGet(new CacheKey("e164", "4000"), out _));
        Assert.True(cache.TryGet(new CacheKey("e164", "4010"), out _));
    }

    [Fact]
    public void Store_RoutesForANumberStillBeingDialled_AreNotKept() =>
        Assert.False(new LookupCache(_time, new CacheOptions()).Store(
            new CacheKey("e164", "40"),
            LookupResult.Found([new RouteAnswer("iax2:h.example.net/40", 0, RouteFlags.CanMatch | RouteFlags.MatchMore, B, TimeSpan.FromSeconds(60))])));

    [Fact]
    public void Store_ZeroTtl_IsNotKept() =>
        Assert.False(new LookupCache(_time, new CacheOptions()).Store(new CacheKey("e164", "1"), Found(B, 0)));

    [Fact]
    public void Store_BeyondMaxBytes_DropsTheEntriesExpiringFirstUntilUnderTheCap()
    {
        var one = new CacheEntry(new CacheKey("e164", "4000"), Found(B), _time.GetUtcNow(), _time.GetUtcNow()).EstimatedBytes;
        var cache = new LookupCache(_time, new CacheOptions { MaxBytes = one * 10 });

        for (var i = 0; i < 30; i++)
        {
            cache.Store(new CacheKey("e164", (4000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)), Found(B, ttl: 300 + i));
        }

        Assert.InRange(cache.Bytes, 1, one * 10);
        Assert.Equal(cache.Bytes, cache.Count * one);
        Assert.True(cache.TryGet(new CacheKey("e164", "4029"), out _));
        Assert.False(cache.TryGet(new CacheKey("e164", "4000"), out _));
    }

    [Fact]
    public void Bytes_ReplacingAndFlushing_AreAccountedExactly()
    {
        var cache = Filled();
        var before = cache.Bytes;

        cache.Store(new CacheKey("e164", "4001"), Found(C));
        Assert.Equal(before, cache.Bytes);

        cache.FlushNumber("e164", DialNumber.Parse("4001"));
        cache.FlushPrefix(null, "5");
        Assert.Equal(2, cache.Count);
        cache.FlushAll();
        Assert.Equal(0, cache.Bytes);
    }
}
