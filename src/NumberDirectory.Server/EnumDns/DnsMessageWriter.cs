using System.Buffers.Binary;
using System.Text;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace NumberDirectory.Server.EnumDns;

/// <summary>
/// Encodes the door's answers: the header, the question echoed as the client wrote it (its letter
/// case kept, 0x20-safe), the records of each section and, when the query had one, an OPT record.
/// Names that are the question name or one of its parents are written as pointers into the question.
/// </summary>
/// <remarks>
/// RFC 1035 §4.1 and §4.1.4; RFC 3403 §4.1 (NAPTR RDATA, replacement never compressed); RFC 6891 §6.1
/// and §7 (OPT, TC when the answer does not fit); RFC 2181 §9. ARSoft.Tools.Net models the records
/// but keeps its encoder internal, and its server costs ~21 µs and ~10 KB per query (docs/protocols/enum.md
/// §Implementation notes), so the door writes the wire form itself: this writer on a cache miss, and
/// the encoded bytes of an earlier answer, patched, on a hit.
/// </remarks>
internal sealed class DnsMessageWriter
{
    private readonly byte[] _buffer;
    private readonly byte[] _loweredName;
    private readonly int _nameLength;
    private int _position;

    private DnsMessageWriter(int capacity, ReadOnlySpan<byte> loweredName)
    {
        _buffer = new byte[capacity];
        _loweredName = loweredName.ToArray();
        _nameLength = loweredName.Length;
    }

    /// <summary>
    /// The response to <paramref name="query"/>, at most <paramref name="limit"/> octets: when the records
    /// do not fit, the header and question alone with TC set (the client asks again over TCP).
    /// </summary>
    public static byte[] Write(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> loweredName, in DnsQuery query, DnsAnswer answer, int limit)
    {
        var question = packet.Slice(DnsQueryParser.QuestionOffset, query.NameLength + 4);

        // A buffer of the limit: whatever would run past it does not fit, and the truncated form is sent.
        var size = Math.Clamp(limit, DnsWire.ClassicUdpSize, DnsWire.TcpSize);
        var full = new DnsMessageWriter(size, loweredName[..query.NameLength]);
        if (full.TryWrite(question, query, answer, truncated: false))
        {
            return full._buffer.AsSpan(0, full._position).ToArray();
        }

        var header = new DnsMessageWriter(size, loweredName[..query.NameLength]);
        header.TryWrite(question, query, answer, truncated: true);
        return header._buffer.AsSpan(0, header._position).ToArray();
    }

    /// <summary>
    /// The header and question with TC set and no records (an OPT when the query had one): what rate
    /// limiting slips to a client so it asks again over TCP. Never larger than the query.
    /// </summary>
    public static byte[] WriteTruncated(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> loweredName, in DnsQuery query)
    {
        var question = packet.Slice(DnsQueryParser.QuestionOffset, query.NameLength + 4);
        var writer = new DnsMessageWriter(DnsWire.ClassicUdpSize, loweredName[..query.NameLength]);
        writer.TryWrite(question, query, new DnsAnswer(DnsResponseCode.NoError, true, [], []), truncated: true);
        return writer._buffer.AsSpan(0, writer._position).ToArray();
    }

    /// <summary>A header alone (no question: it could not be read), for FORMERR and NOTIMP.</summary>
    public static byte[] WriteHeaderOnly(in DnsQuery query, DnsResponseCode code)
    {
        var response = new byte[DnsWire.HeaderLength];
        BinaryPrimitives.WriteUInt16BigEndian(response, query.Id);
        var flags = (ushort)(DnsWire.FlagQr | (query.Flags & (DnsWire.OpcodeMask | DnsWire.FlagRd | DnsWire.FlagCd)) | ((int)code & 0xF));
        BinaryPrimitives.WriteUInt16BigEndian(response.AsSpan(2), flags);
        return response;
    }

    private bool TryWrite(ReadOnlySpan<byte> question, in DnsQuery query, DnsAnswer answer, bool truncated)
    {
        var flags = DnsWire.FlagQr | (query.Flags & (DnsWire.FlagRd | DnsWire.FlagCd)) | ((int)answer.Code & 0xF);
        if (answer.Authoritative)
        {
            flags |= DnsWire.FlagAa;
        }

        if (truncated)
        {
            flags |= DnsWire.FlagTc;
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer, query.Id);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(2), (ushort)flags);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(4), 1);
        _position = DnsWire.HeaderLength;
        question.CopyTo(_buffer.AsSpan(_position));
        _position += question.Length;

        var answers = truncated ? [] : answer.Answers;
        var authority = truncated ? [] : answer.Authority;
        try
        {
            foreach (var record in answers.Concat(authority))
            {
                WriteRecord(record);
            }

            if (query.Edns is { } edns)
            {
                WriteOpt(answer.Code, edns);
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            // More than the limit holds: the caller sends the truncated form.
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(6), (ushort)answers.Count);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(8), (ushort)authority.Count);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(10), (ushort)(query.Edns is null ? 0 : 1));
        return true;
    }

    private void WriteRecord(DnsRecordBase record)
    {
        WriteName(record.Name, compress: true);
        WriteUInt16((ushort)record.RecordType);
        WriteUInt16((ushort)record.RecordClass);
        WriteUInt32((uint)Math.Max(0, record.TimeToLive));
        var lengthAt = _position;
        WriteUInt16(0);
        switch (record)
        {
            case NaptrRecord naptr:
                WriteUInt16(naptr.Order);
                WriteUInt16(naptr.Preference);
                WriteString(naptr.Flags);
                WriteString(naptr.Services);
                WriteString(naptr.RegExp);
                WriteName(naptr.Replacement, compress: false);
                break;
            case SoaRecord soa:
                WriteName(soa.MasterName, compress: false);
                WriteName(soa.ResponsibleName, compress: false);
                WriteUInt32(soa.SerialNumber);
                WriteUInt32((uint)soa.RefreshInterval);
                WriteUInt32((uint)soa.RetryInterval);
                WriteUInt32((uint)soa.ExpireInterval);
                WriteUInt32((uint)soa.NegativeCachingTTL);
                break;
            case NsRecord ns:
                WriteName(ns.NameServer, compress: false);
                break;
            case TxtRecord txt:
                foreach (var part in txt.TextParts)
                {
                    WriteString(part);
                }

                break;
            default:
                throw new NotSupportedException($"the ENUM door does not serve {record.RecordType} records");
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(lengthAt), (ushort)(_position - lengthAt - 2));
    }

    private void WriteOpt(DnsResponseCode code, DnsEdns edns)
    {
        // Owner the root, CLASS our payload size, TTL = extended RCODE, version 0, DO copied (RFC 3225 §3).
        Ensure(11);
        _buffer[_position++] = 0;
        WriteUInt16(DnsWire.TypeOpt);
        WriteUInt16(DnsWire.EdnsUdpSize);
        var ttl = ((uint)((int)code >> 4) << 24) | (edns.DnssecOk ? DnsWire.EdnsDo : 0);
        WriteUInt32(ttl);
        WriteUInt16(0);
    }

    /// <summary>A name: a pointer when it is the question name or one of its parents, labels otherwise.</summary>
    private void WriteName(DomainName name, bool compress)
    {
        Span<byte> wire = stackalloc byte[DnsWire.MaxNameLength];
        var length = 0;
        foreach (var label in name.Labels)
        {
            var octets = Encoding.ASCII.GetBytes(label.ToLowerInvariant());
            if (octets.Length is 0 or > DnsWire.MaxLabelLength || length + octets.Length + 2 > DnsWire.MaxNameLength)
            {
                throw new ArgumentException($"'{name}' is not a name the door can write", nameof(name));
            }

            wire[length++] = (byte)octets.Length;
            octets.CopyTo(wire[length..]);
            length += octets.Length;
        }

        wire[length++] = 0;
        if (compress && length > 1 && SuffixOffset(wire[..length]) is { } offset)
        {
            WriteUInt16((ushort)(0xC000 | (DnsQueryParser.QuestionOffset + offset)));
            return;
        }

        Ensure(length);
        wire[..length].CopyTo(_buffer.AsSpan(_position));
        _position += length;
    }

    /// <summary>Where in the question name <paramref name="wire"/> starts as a whole suffix, if it does.</summary>
    private int? SuffixOffset(ReadOnlySpan<byte> wire)
    {
        var question = _loweredName.AsSpan(0, _nameLength);
        for (var at = 0; at < question.Length && question[at] != 0; at += question[at] + 1)
        {
            if (question[at..].SequenceEqual(wire))
            {
                return at;
            }
        }

        return null;
    }

    private void WriteString(string text)
    {
        var octets = Encoding.UTF8.GetBytes(text);
        if (octets.Length > byte.MaxValue)
        {
            throw new ArgumentException($"a character-string holds at most 255 octets; '{text}' has {octets.Length}", nameof(text));
        }

        Ensure(octets.Length + 1);
        _buffer[_position++] = (byte)octets.Length;
        octets.CopyTo(_buffer.AsSpan(_position));
        _position += octets.Length;
    }

    private void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_position), value);
        _position += 2;
    }

    private void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    private void Ensure(int octets)
    {
        if (_position + octets > _buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(octets), "the answer does not fit one DNS message");
        }
    }
}
