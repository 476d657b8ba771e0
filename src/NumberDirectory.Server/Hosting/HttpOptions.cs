namespace NumberDirectory.Server.Hosting;

/// <summary>The HTTP door (<c>/lookup</c>, <c>/metrics</c>, <c>/health</c>). Section <c>Http</c>.</summary>
public sealed class HttpOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Http";

    /// <summary>Address and port to listen on, e.g. <c>127.0.0.1:8080</c> or <c>[::]:8080</c>. Port 0 picks a free one.</summary>
    public string Listen { get; set; } = "127.0.0.1:8080";

    /// <summary>Client networks allowed to connect (CIDR). Others get 403.</summary>
    public List<string> AllowedClients { get; set; } = [];
}
