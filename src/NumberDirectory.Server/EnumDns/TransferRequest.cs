using System.Buffers.Binary;
using System.Text;

namespace NumberDirectory.Server.EnumDns;

/// <summary>
/// What a zone transfer request carries past its question: the serial an IXFR client has (its SOA in
/// the authority section) and a TSIG record, if it was signed. Read from a query the door's parser
/// already accepted; every length is checked and pointers are followed a bounded number of times.
/// </summary>
/// <remarks>RFC 1995 §3 (IXFR query), RFC 8945 §4.2 (TSIG record, last in the additional section), RFC 1035 §4.1.4.</remarks>
/// <param name="ClientSerial">The IXFR client's serial, or null (AXFR, or no SOA).</param>
/// <param name="Tsig">The TSIG record, or null when the request is not signed.</param>
internal sealed record TransferRequest(uint? ClientSerial, TsigRecord? Tsig)
{
    private const ushort TypeTsig = 250;

    /// <summary>Reads the request; false for one that is not well formed past what the door parsed (FORMERR).</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out TransferRequest request)
    {
        request = new TransferRequest(null, null);
        if (packet.Length < DnsWire.HeaderLength)
        {
            return false;
        }

        var answers = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        var authorities = BinaryPrimitives.ReadUInt16BigEndian(packet[8..]);
        var additionals = BinaryPrimitives.ReadUInt16BigEndian(packet[10..]);
        var position = DnsWire.HeaderLength;
        if (!TryReadName(packet, ref position, out _) || position + 4 > packet.Length)
        {
            return false;
        }

        position += 4;
        uint? serial = null;
        for (var i = 0; i < answers + authorities; i++)
        {
            if (!TryReadRecord(packet, ref position, out _, out var type, out var rdata, out var rdataStart))
            {
                return false;
            }

            if (i >= answers && type == DnsWire.TypeSoa && serial is null)
            {
                // MNAME and RNAME, then the serial.
                var at = rdataStart;
                if (!TryReadName(packet, ref at, out _) || !TryReadName(packet, ref at, out _) || at + 4 > rdataStart + rdata)
                {
                    return false;
                }

                serial = BinaryPrimitives.ReadUInt32BigEndian(packet[at..]);
            }
        }

        TsigRecord? tsig = null;
        for (var i = 0; i < additionals; i++)
        {
            var start = position;
            if (!TryReadRecord(packet, ref position, out var owner, out var type, out var rdata, out var rdataStart))
            {
                return false;
            }

            if (type != TypeTsig)
            {
                continue;
            }

            // RFC 8945 §5.1: a TSIG anywhere but last is a format error.
            if (i != additionals - 1 || !TsigRecord.TryRead(packet, start, owner, rdataStart, rdata, out tsig))
            {
                return false;
            }
        }

        request = new TransferRequest(serial, tsig);
        return true;
    }

    private static bool TryReadRecord(ReadOnlySpan<byte> packet, ref int position, out string owner, out ushort type, out int rdata, out int rdataStart)
    {
        type = 0;
        rdata = 0;
        rdataStart = 0;
        if (!TryReadName(packet, ref position, out owner) || position + 10 > packet.Length)
        {
            return false;
        }

        type = BinaryPrimitives.ReadUInt16BigEndian(packet[position..]);
        rdata = BinaryPrimitives.ReadUInt16BigEndian(packet[(position + 8)..]);
        rdataStart = position + 10;
        position = rdataStart + rdata;
        return position <= packet.Length;
    }

    /// <summary>Reads a name in lower case without the final dot, following at most 16 pointers, each backwards.</summary>
    internal static bool TryReadName(ReadOnlySpan<byte> packet, ref int position, out string name)
    {
        name = string.Empty;
        var text = new StringBuilder();
        var at = position;
        var jumps = 0;
        int? resume = null;
        while (true)
        {
            if (at >= packet.Length)
            {
                return false;
            }

            var length = packet[at];
            if (length == 0)
            {
                at++;
                break;
            }

            if ((length & 0xC0) == 0xC0)
            {
                if (at + 2 > packet.Length || ++jumps > 16)
                {
                    return false;
                }

                var target = ((length & 0x3F) << 8) | packet[at + 1];
                if (target >= at)
                {
                    return false;
                }

                resume ??= at + 2;
                at = target;
                continue;
            }

            if (length > DnsWire.MaxLabelLength || at + 1 + length > packet.Length || text.Length + length + 1 > DnsWire.MaxNameLength)
            {
                return false;
            }

            if (text.Length > 0)
            {
                text.Append('.');
            }

            foreach (var octet in packet.Slice(at + 1, length))
            {
                text.Append((char)(octet is >= (byte)'A' and <= (byte)'Z' ? octet | 0x20 : octet));
            }

            at += 1 + length;
        }

        position = resume ?? at;
        name = text.ToString();
        return true;
    }
}
