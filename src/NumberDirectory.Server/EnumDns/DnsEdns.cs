namespace NumberDirectory.Server.EnumDns;

/// <summary>The EDNS(0) fields of a query's OPT record.</summary>
/// <remarks>RFC 6891 §6.1.2–6.1.3; RFC 3225 §3 (DO is copied into the answer).</remarks>
/// <param name="PayloadSize">The requestor's UDP payload size as sent (values under 512 count as 512).</param>
/// <param name="Version">EDNS version; anything but 0 is answered BADVERS.</param>
/// <param name="DnssecOk">The DO bit.</param>
public readonly record struct DnsEdns(ushort PayloadSize, byte Version, bool DnssecOk);
