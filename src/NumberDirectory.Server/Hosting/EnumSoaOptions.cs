namespace NumberDirectory.Server.Hosting;

/// <summary>The SOA of an ENUM zone (times in seconds).</summary>
public sealed class EnumSoaOptions
{
    /// <summary>MNAME, the primary name server; empty means <c>ns.</c> and the suffix.</summary>
    public string? PrimaryName { get; set; }

    /// <summary>RNAME, the administrator's mailbox (<c>hostmaster@example.net</c> or <c>hostmaster.example.net</c>); empty means <c>hostmaster.</c> and the suffix.</summary>
    public string? Mailbox { get; set; }

    /// <summary>How often secondaries check the serial.</summary>
    public int Refresh { get; set; } = 3600;

    /// <summary>How soon a secondary retries a failed check.</summary>
    public int Retry { get; set; } = 600;

    /// <summary>How long a secondary serves the zone without reaching the primary.</summary>
    public int Expire { get; set; } = 86_400;

    /// <summary>TTL of negative answers (bounded by the zone's Ttl); empty means <c>Lookup:NegativeTtlSeconds</c>.</summary>
    public int? Minimum { get; set; }
}
