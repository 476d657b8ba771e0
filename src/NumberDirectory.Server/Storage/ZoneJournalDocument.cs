namespace NumberDirectory.Server.Storage;

/// <summary>One step of the ENUM zones' history in the data file (see <see cref="ZoneJournalStore"/>).</summary>
public sealed class ZoneJournalDocument
{
    /// <summary>The position in the journal, oldest lowest.</summary>
    public long Id { get; set; }

    /// <summary>The serial before the change.</summary>
    public long From { get; set; }

    /// <summary>The serial after it.</summary>
    public long To { get; set; }

    /// <summary>The context whose zones changed.</summary>
    public string Context { get; set; } = string.Empty;

    /// <summary>Records removed, by name.</summary>
    public List<ZoneJournalName> Deleted { get; set; } = [];

    /// <summary>Records added, by name.</summary>
    public List<ZoneJournalName> Added { get; set; } = [];
}
