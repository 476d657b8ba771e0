namespace NumberDirectory.Server.Hosting;

/// <summary>The configuration stops startup; <see cref="Errors"/> holds every problem found, one line each.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException()
        : this([])
    {
    }

    public ConfigurationException(string message)
        : this([message])
    {
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public ConfigurationException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    /// <summary>Each problem, naming the option (or file) to fix.</summary>
    public IReadOnlyList<string> Errors { get; }
}
