namespace NumberDirectory.Server.EnumDns;

/// <summary>
/// The fields of a parsed DNS query the door answers from. The question name stays in the packet (at
/// <see cref="DnsQueryParser.QuestionOffset"/>, <see cref="NameLength"/> octets in wire form) so an
/// answer can echo it with the client's letter case; its lower-case copy goes where the caller asked.
/// </summary>
/// <remarks>RFC 1035 §4.1; RFC 6891 §6.1 (OPT).</remarks>
/// <param name="Id">The query ID, echoed.</param>
/// <param name="Flags">The header's second 16 bits (QR, opcode, AA, TC, RD, RA, Z, AD, CD, RCODE).</param>
/// <param name="NameLength">Octets of the question name in wire form, the root label included (1–255).</param>
/// <param name="Type">QTYPE.</param>
/// <param name="Class">QCLASS.</param>
/// <param name="Edns">The query's OPT record, if it had one.</param>
public readonly record struct DnsQuery(ushort Id, ushort Flags, int NameLength, ushort Type, ushort Class, DnsEdns? Edns)
{
    /// <summary>The header's opcode (0 = QUERY).</summary>
    public int Opcode => (Flags >> 11) & 0xF;

    /// <summary>Recursion desired: echoed in the answer (RFC 1035 §4.1.1).</summary>
    public bool RecursionDesired => (Flags & DnsWire.FlagRd) != 0;

    /// <summary>Checking disabled: echoed in the answer (RFC 6840 §5.9).</summary>
    public bool CheckingDisabled => (Flags & DnsWire.FlagCd) != 0;
}
