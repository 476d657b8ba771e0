namespace NumberDirectory.Server.Storage;

/// <summary>The ENUM zones' SOA serial as last served, and the configured ranges it was served with.</summary>
public sealed class ZoneSerialDocument
{
    /// <summary>The one document's key.</summary>
    public string Id { get; set; } = ZoneSerialStore.Key;

    /// <summary>The serial (an unsigned 32-bit number, RFC 1982).</summary>
    public long Serial { get; set; }

    /// <summary>A fingerprint of the configured ranges at that time, to see them change between two starts.</summary>
    public string ConfigRanges { get; set; } = string.Empty;
}
