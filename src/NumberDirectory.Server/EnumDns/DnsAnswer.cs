using ARSoft.Tools.Net.Dns;

namespace NumberDirectory.Server.EnumDns;

/// <summary>What the door says to one query, before it is encoded: a code and the records of each section.</summary>
/// <param name="Code">The response code.</param>
/// <param name="Authoritative">AA: set on every answer from a zone the door serves.</param>
/// <param name="Answers">The answer section.</param>
/// <param name="Authority">The authority section (the SOA of a negative answer).</param>
internal sealed record DnsAnswer(DnsResponseCode Code, bool Authoritative, IReadOnlyList<DnsRecordBase> Answers, IReadOnlyList<DnsRecordBase> Authority)
{
    /// <summary>A code alone, not authoritative (REFUSED, SERVFAIL, FORMERR, NOTIMP, BADVERS).</summary>
    public static DnsAnswer Bare(DnsResponseCode code) => new(code, false, [], []);
}
