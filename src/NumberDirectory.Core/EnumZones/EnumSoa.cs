namespace NumberDirectory.Core.EnumZones;

/// <summary>The SOA fields of an ENUM zone other than its serial (times in seconds).</summary>
/// <remarks>RFC 1035 §3.3.13; RFC 2308 §4–5 (MINIMUM is the negative-caching TTL).</remarks>
/// <param name="PrimaryName">MNAME: the zone's primary name server.</param>
/// <param name="Mailbox">RNAME: the administrator's mailbox in domain form (<c>hostmaster.example.net</c>).</param>
/// <param name="Refresh">How often secondaries check the serial.</param>
/// <param name="Retry">How soon a secondary tries again after a failed check.</param>
/// <param name="Expire">How long a secondary serves the zone without reaching the primary.</param>
/// <param name="Minimum">The TTL of negative answers (with the SOA's own TTL, whichever is smaller).</param>
public sealed record EnumSoa(string PrimaryName, string Mailbox, uint Refresh, uint Retry, uint Expire, uint Minimum);
