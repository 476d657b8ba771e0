namespace NumberDirectory.Server.Storage;

/// <summary>A hint of a <see cref="CacheDocument"/>.</summary>
public sealed class CachedHintDocument
{
    public int Kind { get; set; }

    public string Prefix { get; set; } = string.Empty;
}
