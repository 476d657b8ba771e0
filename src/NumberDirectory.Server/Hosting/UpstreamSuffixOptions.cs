namespace NumberDirectory.Server.Hosting;

/// <summary>One external ENUM suffix: an entry of <c>UpstreamEnum:Suffixes</c>.</summary>
public sealed class UpstreamSuffixOptions
{
    /// <summary>The suffix, e.g. <c>e164.example.org</c>; <c>+15550101</c> is asked as <c>1.0.1.0.5.5.5.1.e164.example.org</c>.</summary>
    public string Suffix { get; set; } = string.Empty;

    /// <summary>The lookup context whose numbers are asked about.</summary>
    public string Context { get; set; } = "e164";

    /// <summary>
    /// The suffix's authoritative servers, <c>address[:port]</c> (53 when no port is given), asked in
    /// order with RD=0. Empty: the system's resolvers, asked with RD=1, since a recursive resolver
    /// answers a query without RD from its cache only.
    /// </summary>
    public List<string> Servers { get; set; } = [];

    /// <summary>The longest one query may take, in milliseconds; the lookup's deadline may cut it shorter.</summary>
    public int TimeoutMs { get; set; } = 500;
}
