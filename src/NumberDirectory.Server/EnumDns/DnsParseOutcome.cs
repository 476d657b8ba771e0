namespace NumberDirectory.Server.EnumDns;

/// <summary>What <see cref="DnsQueryParser"/> made of a packet, and so what the door sends back.</summary>
/// <remarks>RFC 1035 §4.1.1; docs/protocols/enum.md §Malformed and foreign packets.</remarks>
public enum DnsParseOutcome
{
    /// <summary>A query with one question, ready to answer.</summary>
    Query,

    /// <summary>Not a query (a response, or shorter than a header): nothing is sent back.</summary>
    Dropped,

    /// <summary>A query the parser cannot read (truncated, bad names, counts that lie): FORMERR.</summary>
    FormatError,

    /// <summary>A well-formed header with an opcode other than QUERY: NOTIMP.</summary>
    NotImplemented,
}
