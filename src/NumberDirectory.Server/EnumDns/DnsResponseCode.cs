namespace NumberDirectory.Server.EnumDns;

/// <summary>The response codes the door sends; BADVERS travels in the OPT record's extended bits.</summary>
/// <remarks>RFC 1035 §4.1.1; RFC 8945 §5.2 (NOTAUTH = 9); RFC 6891 §6.1.3 and §9 (BADVERS = 16).</remarks>
public enum DnsResponseCode
{
    /// <summary>An answer, NODATA included.</summary>
    NoError = 0,

    /// <summary>The query could not be read.</summary>
    FormatError = 1,

    /// <summary>The lookup failed or ran out of time with nothing.</summary>
    ServerFailure = 2,

    /// <summary>The name does not exist.</summary>
    NameError = 3,

    /// <summary>An opcode other than QUERY.</summary>
    NotImplemented = 4,

    /// <summary>A name outside every zone served, or a question the door does not serve.</summary>
    Refused = 5,

    /// <summary>A signed request whose TSIG did not verify (RFC 8945 §5.2).</summary>
    NotAuth = 9,

    /// <summary>An EDNS version other than 0.</summary>
    BadVersion = 16,
}
