using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Backup;

/// <summary>
/// Takes a backup of a running node: every collection of <see cref="BackupCodec.Collections"/> read as
/// one state of the data file while writes wait (docs/architecture.md §Backup and restore).
/// </summary>
internal static class BackupSnapshot
{
    /// <summary>
    /// The node's data as it is now; null when writes in progress did not finish within
    /// <paramref name="wait"/> (nothing was held longer than that).
    /// </summary>
    public static BackupContent? Take(NodeDatabase database, DateTimeOffset now, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.ReadSnapshot(BackupCodec.Collections, wait) is not { } documents)
        {
            return null;
        }

        var identity = documents[IdentityStore.Collection].FirstOrDefault(d => d["_id"] == IdentityStore.Key);
        var eid = identity is not null && identity["Eid"].IsString ? identity["Eid"].AsString : null;
        var counts = BackupCodec.Collections.Select(c => (c, documents[c].Count)).ToList();
        return new BackupContent(new BackupHeader(BackupCodec.FormatVersion, eid, now, counts), documents);
    }
}
