namespace NumberDirectory.Server.Backup;

/// <summary>A backup that cannot be used, or a restore that cannot be done; the message says why and what to do.</summary>
internal sealed class BackupException : Exception
{
    public BackupException(string message)
        : base(message)
    {
    }

    public BackupException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
