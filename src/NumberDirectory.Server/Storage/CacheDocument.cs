using LiteDB;

namespace NumberDirectory.Server.Storage;

/// <summary>A cached peer answer as saved in the data file, so the cache survives a restart.</summary>
public sealed class CacheDocument
{
    /// <summary><c>context/digits</c>.</summary>
    [BsonId]
    public string Id { get; set; } = string.Empty;

    public string Context { get; set; } = string.Empty;

    public string Digits { get; set; } = string.Empty;

    /// <summary>Found or NotFound.</summary>
    public string Status { get; set; } = string.Empty;

    public List<CachedRouteDocument> Routes { get; set; } = [];

    public List<CachedHintDocument> Hints { get; set; } = [];

    public long TtlMs { get; set; }

    /// <summary>Learned by a lookup that kept partial matches (DUNDi, ENUM); absent in older files: false.</summary>
    public bool CoversPartialMatches { get; set; }

    /// <summary>A "not found" concluded without asking upstream ENUM (LookupResult.WithoutUpstream); absent in older files: false.</summary>
    public bool WithoutUpstream { get; set; }

    public DateTime StoredUtc { get; set; }

    public DateTime ExpiresUtc { get; set; }
}
