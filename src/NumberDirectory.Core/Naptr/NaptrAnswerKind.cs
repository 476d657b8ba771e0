namespace NumberDirectory.Core.Naptr;

/// <summary>What an upstream ENUM server said about one name.</summary>
public enum NaptrAnswerKind
{
    /// <summary>NOERROR with NAPTR records.</summary>
    Records,

    /// <summary>NOERROR without NAPTR records, the SOA in the authority section (NODATA).</summary>
    NoData,

    /// <summary>NXDOMAIN: the name does not exist.</summary>
    NameError,

    /// <summary>No usable answer: SERVFAIL, REFUSED, a referral, a timeout, an unreachable server.</summary>
    Failed,
}
