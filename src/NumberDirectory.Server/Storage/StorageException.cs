namespace NumberDirectory.Server.Storage;

/// <summary>The data directory or file cannot be used; the message says why and what to do.</summary>
public sealed class StorageException : Exception
{
    public StorageException()
    {
    }

    public StorageException(string message)
        : base(message)
    {
    }

    public StorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
