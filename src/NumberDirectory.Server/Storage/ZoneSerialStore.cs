namespace NumberDirectory.Server.Storage;

/// <summary>
/// Keeps the ENUM zones' SOA serial in the data file, so it only moves forward across restarts
/// (RFC 1982 §3; a secondary that saw a serial never sees a smaller one), and remembers which
/// configured ranges it was served with, so ranges changed in the configuration between two starts
/// move it forward too (docs/protocols/enum.md §Zones).
/// </summary>
public sealed class ZoneSerialStore(NodeDatabase database)
{
    /// <summary>The collection holding the serial.</summary>
    internal const string Collection = "zone_serial";

    /// <summary>The key of its one document.</summary>
    internal const string Key = "soa";

    /// <summary>The stored serial and configuration fingerprint, or null when none was ever stored.</summary>
    public (uint Serial, string ConfigRanges)? Load() =>
        database.Database.GetCollection<ZoneSerialDocument>(Collection).FindById(Key) is { } document
            ? ((uint)document.Serial, document.ConfigRanges)
            : null;

    /// <summary>Stores <paramref name="serial"/>, committed before it returns.</summary>
    public void Save(uint serial, string configRanges)
    {
        var document = new ZoneSerialDocument { Serial = serial, ConfigRanges = configRanges };
        database.Write(Collection, db =>
        {
            db.GetCollection<ZoneSerialDocument>(Collection).Upsert(document);
            NodeDatabase.Checkpoint(db);
        });
    }
}
