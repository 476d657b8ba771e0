namespace NumberDirectory.Server.Hosting;

/// <summary>The FastAGI door, for Asterisk's <c>AGI(agi://host/lookup,...)</c>. Section <c>Agi</c>.</summary>
public sealed class AgiOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Agi";

    /// <summary>Address and port to listen on, e.g. <c>127.0.0.1:4573</c> (FastAGI's port). Port 0 picks a free one.</summary>
    public string Listen { get; set; } = "127.0.0.1:4573";

    /// <summary>Client networks allowed to connect (CIDR); others are disconnected at once. Empty means loopback only.</summary>
    public List<string> AllowedClients { get; set; } = [];

    /// <summary>How long Asterisk may take to send the whole <c>agi_*</c> header, in milliseconds.</summary>
    public int HeaderTimeoutMs { get; set; } = 2000;

    /// <summary>How long Asterisk may take to answer each of our commands, in milliseconds.</summary>
    public int ResponseTimeoutMs { get; set; } = 2000;

    /// <summary>Sessions served at once; a connection beyond this is closed at once.</summary>
    public int MaxSessions { get; set; } = 2000;
}
