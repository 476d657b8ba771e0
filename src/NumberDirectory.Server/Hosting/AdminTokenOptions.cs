namespace NumberDirectory.Server.Hosting;

/// <summary>One bearer token of the admin API: a name for the log, and the file holding the secret.</summary>
public sealed class AdminTokenOptions
{
    /// <summary>Who holds the token (e.g. <c>ops</c>, <c>provisioning</c>); recorded with every change it makes.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>A file holding the token on its first line (at least 32 characters; readable by the node's user only).</summary>
    public string File { get; set; } = string.Empty;
}
