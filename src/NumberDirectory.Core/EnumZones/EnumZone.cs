using System.Collections.Immutable;

namespace NumberDirectory.Core.EnumZones;

/// <summary>
/// One ENUM zone a node is authoritative for: a suffix whose names are the numbers of one lookup
/// context, answered from the whole directory or from local ranges only, with its apex records.
/// </summary>
/// <remarks>docs/protocols/enum.md §Zones and §Responses.</remarks>
/// <param name="Suffix">The zone's apex, normalized (<see cref="EnumDomain.Normalize"/>), e.g. <c>e164.example.net</c>.</param>
/// <param name="Context">The lookup context its numbers live in.</param>
/// <param name="Answers">Directory or local ranges only.</param>
/// <param name="Ttl">TTL of the apex records (SOA, NS), and the longest TTL any answer is given, in seconds.</param>
/// <param name="Soa">The SOA fields.</param>
/// <param name="NameServers">The NS records at the apex, normalized.</param>
public sealed record EnumZone(string Suffix, string Context, EnumAnswers Answers, uint Ttl, EnumSoa Soa, ImmutableArray<string> NameServers)
{
    /// <summary>TTL of NXDOMAIN and NODATA answers: the smaller of the SOA's TTL and its MINIMUM (RFC 2308 §5).</summary>
    public uint NegativeTtl => Math.Min(Ttl, Soa.Minimum);
}
