using System.Collections.Immutable;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Naptr;

/// <summary>An upstream ENUM server's answer to one NAPTR query.</summary>
/// <param name="Kind">Records, NODATA, NXDOMAIN or failed.</param>
/// <param name="Records">The NAPTR records (replacement <c>.</c> when there is none).</param>
/// <param name="Ttl">
/// How long it may be kept: the records' smallest TTL, or for NODATA and NXDOMAIN the SOA's TTL or its
/// MINIMUM, whichever is smaller (RFC 2308 §5); zero without an SOA, which RFC 2308 says not to cache.
/// </param>
public sealed record NaptrAnswer(NaptrAnswerKind Kind, ImmutableArray<NaptrRecordData> Records, TimeSpan Ttl)
{
    /// <summary>Why it failed, or a note on what came back, for the trace.</summary>
    public string? Reason { get; init; }

    /// <summary>A failed query and why.</summary>
    public static NaptrAnswer Failed(string reason) => new(NaptrAnswerKind.Failed, [], TimeSpan.Zero) { Reason = reason };
}
