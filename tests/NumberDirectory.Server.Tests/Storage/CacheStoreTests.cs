using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Tests.Storage;

public sealed class CacheStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SaveAndLoad_NotFoundConcludedWithoutUpstream_KeepsSaying(bool withoutUpstream)
    {
        var stored = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        var entry = new CacheEntry(new CacheKey("e164", "15550100123"), LookupResult.NotFound(TimeSpan.FromSeconds(30)) with { WithoutUpstream = withoutUpstream }, stored, stored.AddSeconds(30));
        using (var database = NodeDatabase.Open(_temp.Data()))
        {
            new CacheStore(database).Save([entry]);
        }

        using var reopened = NodeDatabase.Open(_temp.Data());
        var loaded = Assert.Single(new CacheStore(reopened).Load());

        Assert.Equal(withoutUpstream, loaded.Result.WithoutUpstream);
        Assert.Equal(LookupStatus.NotFound, loaded.Result.Status);
    }
}
