namespace NumberDirectory.Server.Hosting;

/// <summary>Something in the node's environment stops startup; the message names the option to change.</summary>
public sealed class StartupException : Exception
{
    public StartupException()
    {
    }

    public StartupException(string message)
        : base(message)
    {
    }

    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
