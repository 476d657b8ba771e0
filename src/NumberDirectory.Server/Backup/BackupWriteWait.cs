namespace NumberDirectory.Server.Backup;

/// <summary>
/// How long a backup waits for writes in progress before it gives up holding nothing; each write is
/// one short commit, so the default is far more than any needs (docs/architecture.md §Backup and restore).
/// </summary>
internal sealed record BackupWriteWait(TimeSpan Value)
{
    public static BackupWriteWait Default { get; } = new(TimeSpan.FromSeconds(10));
}
