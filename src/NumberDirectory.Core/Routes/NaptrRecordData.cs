namespace NumberDirectory.Core.Routes;

/// <summary>The RDATA of one NAPTR record, as structured fields (the DNS codec writes the wire form).</summary>
/// <param name="Order">Records with a lower order are used first; clients stop at the first usable order.</param>
/// <param name="Preference">Preference within one order, lower first; defaults to the route's weight.</param>
/// <param name="Flags">Always <c>u</c> (terminal, the result is a URI): the only flag every ENUM client accepts.</param>
/// <param name="Services">The ENUM service, e.g. <c>E2U+sip</c>.</param>
/// <param name="Regexp">The substitution, <c>!^.*$!uri!</c>.</param>
/// <param name="Replacement">Always <c>.</c>, since a regexp is given.</param>
/// <remarks>RFC 3403 §4.1, RFC 6116 §3.4; docs/protocols/enum.md §NAPTR records (what to serve).</remarks>
public sealed record NaptrRecordData(ushort Order, ushort Preference, string Flags, string Services, string Regexp, string Replacement);
