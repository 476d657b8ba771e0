namespace NumberDirectory.Server.Storage;

/// <summary>A name's records in a <see cref="ZoneJournalDocument"/>.</summary>
public sealed class ZoneJournalName
{
    /// <summary>The name below the apex.</summary>
    public string Owner { get; set; } = string.Empty;

    /// <summary>NAPTR records as order, preference, flags, services, regexp and replacement.</summary>
    public List<string[]> Naptr { get; set; } = [];

    /// <summary>The TXT string, if any.</summary>
    public string? Text { get; set; }
}
