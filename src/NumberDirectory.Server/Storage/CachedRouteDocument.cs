namespace NumberDirectory.Server.Storage;

/// <summary>A route of a <see cref="CacheDocument"/>.</summary>
public sealed class CachedRouteDocument
{
    public string Uri { get; set; } = string.Empty;

    public int Weight { get; set; }

    public int Flags { get; set; }

    public string AnsweredBy { get; set; } = string.Empty;

    public long TtlMs { get; set; }
}
