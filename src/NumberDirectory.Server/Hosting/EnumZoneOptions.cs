namespace NumberDirectory.Server.Hosting;

/// <summary>One ENUM zone: an entry of <c>Enum:Zones</c>.</summary>
public sealed class EnumZoneOptions
{
    /// <summary>The zone's apex, e.g. <c>e164.example.net</c>; the name of <c>+15550101</c> is <c>1.0.1.0.5.5.5.1.e164.example.net</c>.</summary>
    public string Suffix { get; set; } = string.Empty;

    /// <summary>The lookup context of the zone's numbers.</summary>
    public string Context { get; set; } = "e164";

    /// <summary><c>Directory</c> (ranges, cache and peers) or <c>Local</c> (this node's own ranges only).</summary>
    public string Answers { get; set; } = "Directory";

    /// <summary>TTL of the SOA and NS records, and the longest TTL an answer gets, in seconds.</summary>
    public int Ttl { get; set; } = 300;

    /// <summary>The zone's SOA fields.</summary>
    public EnumSoaOptions Soa { get; set; } = new();

    /// <summary>NS records at the apex; empty means the SOA's primary name alone.</summary>
    public List<string> NameServers { get; set; } = [];

    /// <summary>
    /// For a <c>Local</c> zone: the most names its transfer may hold, summed over the numbers its ranges
    /// name one by one. A configured range past it stops start-up; a runtime publish past it is refused.
    /// </summary>
    public long MaxTransferNames { get; set; } = 1_000_000;

    /// <summary>Who may transfer a <c>Local</c> zone (AXFR and IXFR over TCP).</summary>
    public EnumTransferOptions Transfer { get; set; } = new();

    /// <summary>Secondaries sent a NOTIFY at every change of a <c>Local</c> zone, as <c>address:port</c> (port 53 when left out).</summary>
    public List<string> Notify { get; set; } = [];
}
