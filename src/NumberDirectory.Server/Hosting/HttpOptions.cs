namespace NumberDirectory.Server.Hosting;

/// <summary>The HTTP door (<c>/lookup</c>, <c>/metrics</c>, <c>/health</c>, the status page at <c>/</c>). Section <c>Http</c>.</summary>
public sealed class HttpOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Http";

    /// <summary>Address and port to listen on, e.g. <c>127.0.0.1:8080</c> or <c>[::]:8080</c>. Port 0 picks a free one.</summary>
    public string Listen { get; set; } = "127.0.0.1:8080";

    /// <summary>Client networks allowed to connect (CIDR). Others get 403.</summary>
    public List<string> AllowedClients { get; set; } = [];

    /// <summary>Most connections open at once; beyond it a new connection is closed at once.</summary>
    public int MaxConnections { get; set; } = 1000;

    /// <summary>Most bytes of request headers; beyond it the request gets 431.</summary>
    public int MaxHeaderBytes { get; set; } = 8192;

    /// <summary>A client must have sent its request headers within this time (milliseconds), or the connection is closed: slow clients cannot hold connections.</summary>
    public int HeaderTimeoutMs { get; set; } = 5000;

    /// <summary>An idle keep-alive connection is closed after this many seconds.</summary>
    public int KeepAliveSeconds { get; set; } = 30;

    /// <summary>Serve the read-only status page at <c>/</c> (README §Status page).</summary>
    public bool StatusPage { get; set; } = true;

    /// <summary>
    /// Client networks (CIDR) served the status page without a token; empty means loopback only.
    /// Any other client needs an admin token (<c>Admin:Tokens</c>) and an address in <c>Admin:AllowedClients</c>.
    /// </summary>
    public List<string> StatusPageClients { get; set; } = [];

    /// <summary>How many of the latest lookups the status page shows (0 shows none).</summary>
    public int StatusPageRecentLookups { get; set; } = 50;
}
