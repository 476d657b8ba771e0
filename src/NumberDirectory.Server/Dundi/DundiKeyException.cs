namespace NumberDirectory.Server.Dundi;

/// <summary>A DUNDi key file cannot be used; the message names the file and says what to do.</summary>
public sealed class DundiKeyException : Exception
{
    public DundiKeyException()
    {
    }

    public DundiKeyException(string message)
        : base(message)
    {
    }

    public DundiKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
