namespace NumberDirectory.Server.Hosting;

/// <summary>Response rate limiting on the ENUM door's UDP side: <c>Enum:RateLimit</c>.</summary>
/// <remarks>docs/protocols/enum.md §Response rate limiting.</remarks>
public sealed class EnumRateLimitOptions
{
    /// <summary>Responses per second to one client network (an IPv4 /24, an IPv6 /56); 0 turns the limit off.</summary>
    public int ResponsesPerSecond { get; set; } = 100;

    /// <summary>
    /// Of the responses over the limit, every this many is sent truncated (TC, no records) so a real
    /// client asks again over TCP, which is never limited; the others are dropped. 0: drop them all;
    /// 1: truncate them all.
    /// </summary>
    public int Slip { get; set; } = 2;

    /// <summary>The IPv4 prefix length a client network is counted by.</summary>
    public int Ipv4PrefixLength { get; set; } = 24;

    /// <summary>The IPv6 prefix length a client network is counted by.</summary>
    public int Ipv6PrefixLength { get; set; } = 56;

    /// <summary>Networks (CIDR) never limited, such as the PBXes' own; empty means loopback only.</summary>
    public List<string> TrustedNetworks { get; set; } = [];

    /// <summary>Client networks tracked at once; past it, one long quiet is forgotten for a new one (a fixed table).</summary>
    public int TableSize { get; set; } = 65_536;
}
