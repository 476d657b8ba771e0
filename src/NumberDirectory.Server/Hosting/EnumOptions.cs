namespace NumberDirectory.Server.Hosting;

/// <summary>The ENUM door: authoritative DNS for E.164 numbers, UDP and TCP. Section <c>Enum</c>.</summary>
/// <remarks>docs/protocols/enum.md §Zones.</remarks>
public sealed class EnumOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Enum";

    /// <summary>
    /// Address and port for both UDP and TCP, e.g. <c>127.0.0.1:5300</c>, <c>[::]:53</c>. Port 0 picks a
    /// free port (the same for both).
    /// </summary>
    public string Listen { get; set; } = "127.0.0.1:5300";

    /// <summary>Client networks allowed (CIDR); UDP queries from others are dropped, TCP connections closed. Empty means loopback only.</summary>
    public List<string> AllowedClients { get; set; } = [];

    /// <summary>Budget of the lookup behind one query, in milliseconds: well under a resolver's retry timer.</summary>
    public int TimeoutMs { get; set; } = 800;

    /// <summary>TCP connections served at once (RFC 7766 §6.2.2); one more is closed at once.</summary>
    public int MaxTcpConnections { get; set; } = 256;

    /// <summary>How long a TCP connection may stay idle between queries, in milliseconds (RFC 7766 §6.2.3).</summary>
    public int TcpIdleTimeoutMs { get; set; } = 10_000;

    /// <summary>The zones served; empty serves the one default zone, <c>e164.example.net</c> for context <c>e164</c>.</summary>
    public List<EnumZoneOptions> Zones { get; set; } = [];

    /// <summary>TSIG keys zones may require for transfers (<c>Enum:Zones:N:Transfer:TsigKey</c>).</summary>
    public List<EnumTsigKeyOptions> TsigKeys { get; set; } = [];

    /// <summary>Response rate limiting of UDP answers per client network.</summary>
    public EnumRateLimitOptions RateLimit { get; set; } = new();
}
