using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Server.Storage;

/// <summary>Saves the answer cache into the data file and reads it back, so a restart does not start cold.</summary>
public sealed class CacheStore(NodeDatabase database)
{
    /// <summary>The collection of the cache snapshot.</summary>
    internal const string Collection = "cache";

    /// <summary>Replaces the saved snapshot with <paramref name="entries"/> in one transaction.</summary>
    public void Save(IReadOnlyCollection<CacheEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        database.Write(Collection, db =>
        {
            db.BeginTrans();
            try
            {
                var collection = db.GetCollection<CacheDocument>(Collection);
                collection.DeleteAll();
                collection.InsertBulk(entries.Select(ToDocument));
                db.Commit();
            }
            catch
            {
                db.Rollback();
                throw;
            }
        });
    }

    /// <summary>The saved entries; any that no longer read back are skipped.</summary>
    public IReadOnlyList<CacheEntry> Load()
    {
        var entries = new List<CacheEntry>();
        foreach (var document in database.Database.GetCollection<CacheDocument>(Collection).FindAll())
        {
            if (FromDocument(document) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    private static CacheDocument ToDocument(CacheEntry entry) => new()
    {
        Id = $"{entry.Key.Context}/{entry.Key.Digits}",
        Context = entry.Key.Context,
        Digits = entry.Key.Digits,
        Status = entry.Result.Status.ToString(),
        TtlMs = (long)entry.Result.Ttl.TotalMilliseconds,
        CoversPartialMatches = entry.CoversPartialMatches,
        WithoutUpstream = entry.Result.WithoutUpstream,
        StoredUtc = entry.StoredAt.UtcDateTime,
        ExpiresUtc = entry.Expires.UtcDateTime,
        Routes = [.. entry.Result.Routes.Select(r => new CachedRouteDocument
        {
            Uri = r.Uri,
            Weight = r.Weight,
            Flags = (int)r.Flags,
            AnsweredBy = r.AnsweredBy.ToString(),
            TtlMs = (long)r.Ttl.TotalMilliseconds,
        })],
        Hints = [.. entry.Result.Hints.Select(h => new CachedHintDocument { Kind = (int)h.Kind, Prefix = h.Prefix })],
    };

    private static CacheEntry? FromDocument(CacheDocument document)
    {
        if (!Enum.TryParse<LookupStatus>(document.Status, out var status) || status is not (LookupStatus.Found or LookupStatus.NotFound))
        {
            return null;
        }

        var routes = new List<RouteAnswer>();
        foreach (var route in document.Routes)
        {
            if (!NodeId.TryParse(route.AnsweredBy, out var by) || route.Weight is < 0 or > ushort.MaxValue)
            {
                return null;
            }

            routes.Add(new RouteAnswer(route.Uri, (ushort)route.Weight, (RouteFlags)route.Flags, by, TimeSpan.FromMilliseconds(route.TtlMs)));
        }

        var result = new LookupResult(status, [.. routes], TimeSpan.FromMilliseconds(document.TtlMs))
        {
            Hints = [.. document.Hints.Select(h => new LookupHint((LookupHintKind)h.Kind, h.Prefix))],
            WithoutUpstream = document.WithoutUpstream,
        };
        var stored = new DateTimeOffset(DateTime.SpecifyKind(document.StoredUtc, DateTimeKind.Utc));
        var expires = new DateTimeOffset(DateTime.SpecifyKind(document.ExpiresUtc, DateTimeKind.Utc));
        return new CacheEntry(new CacheKey(document.Context, document.Digits), result, stored, expires) { CoversPartialMatches = document.CoversPartialMatches };
    }
}
