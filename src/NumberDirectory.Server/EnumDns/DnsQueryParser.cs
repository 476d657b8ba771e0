using System.Buffers.Binary;

namespace NumberDirectory.Server.EnumDns;

/// <summary>
/// Reads a DNS query from raw bytes: any bytes, never an exception, never a loop. The question name is
/// read label by label without compression (a pointer in a question has nothing before it to point
/// to), every other name is stepped over without following pointers, so no packet can make it loop;
/// every length is checked against the packet before it is used.
/// </summary>
/// <remarks>
/// RFC 1035 §4.1 (header, question, resource records), §2.3.4 (labels ≤ 63, names ≤ 255 octets),
/// §4.1.4 (compression); RFC 6891 §6.1.1 (at most one OPT, owner the root). docs/protocols/enum.md
/// §Malformed and foreign packets. This is the door's whole untrusted surface, kept allocation-free
/// because it runs for every packet (the fuzz harness drives it directly).
/// </remarks>
public static class DnsQueryParser
{
    /// <summary>Where the question name starts in a query.</summary>
    public const int QuestionOffset = DnsWire.HeaderLength;

    /// <summary>
    /// Parses <paramref name="packet"/>. On <see cref="DnsParseOutcome.Query"/> the question name, in
    /// wire form and lower case, is in the first <see cref="DnsQuery.NameLength"/> bytes of
    /// <paramref name="loweredName"/> (at least 255 bytes long). On <see cref="DnsParseOutcome.FormatError"/>
    /// and <see cref="DnsParseOutcome.NotImplemented"/>, <paramref name="query"/> holds the ID and flags
    /// to answer with; on <see cref="DnsParseOutcome.Dropped"/>, nothing.
    /// </summary>
    public static DnsParseOutcome Parse(ReadOnlySpan<byte> packet, Span<byte> loweredName, out DnsQuery query)
    {
        query = default;
        if (packet.Length < DnsWire.HeaderLength || loweredName.Length < DnsWire.MaxNameLength)
        {
            return DnsParseOutcome.Dropped;
        }

        var id = BinaryPrimitives.ReadUInt16BigEndian(packet);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if ((flags & DnsWire.FlagQr) != 0)
        {
            // A response (or a reflection of one): answering it could start a loop between two servers.
            return DnsParseOutcome.Dropped;
        }

        query = new DnsQuery(id, flags, 0, 0, 0, null);
        if (query.Opcode != 0)
        {
            return DnsParseOutcome.NotImplemented;
        }

        var questions = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        var authorities = BinaryPrimitives.ReadUInt16BigEndian(packet[8..]);
        var additionals = BinaryPrimitives.ReadUInt16BigEndian(packet[10..]);
        if (questions != 1)
        {
            return DnsParseOutcome.FormatError;
        }

        var position = QuestionOffset;
        if (!ReadQuestionName(packet, loweredName, ref position))
        {
            return DnsParseOutcome.FormatError;
        }

        var nameLength = position - QuestionOffset;
        if (position + 4 > packet.Length)
        {
            return DnsParseOutcome.FormatError;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(packet[position..]);
        var @class = BinaryPrimitives.ReadUInt16BigEndian(packet[(position + 2)..]);
        position += 4;

        for (var i = 0; i < answers + authorities; i++)
        {
            if (!SkipRecord(packet, ref position, out _, out _, out _, out _))
            {
                return DnsParseOutcome.FormatError;
            }
        }

        DnsEdns? edns = null;
        for (var i = 0; i < additionals; i++)
        {
            if (!SkipRecord(packet, ref position, out var recordType, out var recordClass, out var ttl, out var rootOwner))
            {
                return DnsParseOutcome.FormatError;
            }

            if (recordType != DnsWire.TypeOpt)
            {
                continue;
            }

            if (edns is not null || !rootOwner)
            {
                return DnsParseOutcome.FormatError;
            }

            edns = new DnsEdns(recordClass, (byte)(ttl >> 16), (ttl & DnsWire.EdnsDo) != 0);
        }

        query = new DnsQuery(id, flags, nameLength, type, @class, edns);
        return DnsParseOutcome.Query;
    }

    private static bool ReadQuestionName(ReadOnlySpan<byte> packet, Span<byte> lowered, ref int position)
    {
        var written = 0;
        while (true)
        {
            if (position >= packet.Length)
            {
                return false;
            }

            var length = packet[position];
            if (length == 0)
            {
                lowered[written++] = 0;
                position++;
                return true;
            }

            // 0xC0 is a compression pointer, 0x40 and 0x80 extended label types (RFC 6891 §5): none belong in a question.
            if (length > DnsWire.MaxLabelLength || position + 1 + length > packet.Length || written + 1 + length + 1 > DnsWire.MaxNameLength)
            {
                return false;
            }

            lowered[written++] = length;
            foreach (var octet in packet.Slice(position + 1, length))
            {
                lowered[written++] = octet is >= (byte)'A' and <= (byte)'Z' ? (byte)(octet | 0x20) : octet;
            }

            position += 1 + length;
        }
    }

    /// <summary>Steps over one resource record; false when it does not fit the packet.</summary>
    private static bool SkipRecord(ReadOnlySpan<byte> packet, ref int position, out ushort type, out ushort @class, out uint ttl, out bool rootOwner)
    {
        type = 0;
        @class = 0;
        ttl = 0;
        rootOwner = position < packet.Length && packet[position] == 0;
        if (!SkipName(packet, ref position) || position + 10 > packet.Length)
        {
            return false;
        }

        type = BinaryPrimitives.ReadUInt16BigEndian(packet[position..]);
        @class = BinaryPrimitives.ReadUInt16BigEndian(packet[(position + 2)..]);
        ttl = BinaryPrimitives.ReadUInt32BigEndian(packet[(position + 4)..]);
        var length = BinaryPrimitives.ReadUInt16BigEndian(packet[(position + 8)..]);
        position += 10;
        if (position + length > packet.Length)
        {
            return false;
        }

        position += length;
        return true;
    }

    /// <summary>Steps over a name; a pointer ends it (2 octets) and is not followed, so loops cannot arise.</summary>
    private static bool SkipName(ReadOnlySpan<byte> packet, ref int position)
    {
        var octets = 0;
        while (position < packet.Length)
        {
            var length = packet[position];
            if (length == 0)
            {
                position++;
                return true;
            }

            if ((length & 0xC0) == 0xC0)
            {
                if (position + 2 > packet.Length)
                {
                    return false;
                }

                var target = ((length & 0x3F) << 8) | packet[position + 1];
                position += 2;

                // Only backwards: a pointer forward or to itself is what loops are made of.
                return target < position - 2;
            }

            if (length > DnsWire.MaxLabelLength)
            {
                return false;
            }

            octets += length + 1;
            if (octets + 1 > DnsWire.MaxNameLength)
            {
                return false;
            }

            position += 1 + length;
        }

        return false;
    }
}
