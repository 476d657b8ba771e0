using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using NumberDirectory.Core.EnumZones;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Server.EnumDns;

/// <summary>
/// Streams the messages of one transfer to a TCP connection: each message the header, the question
/// and as many records as fit in <see cref="MessageLimit"/> octets, length-prefixed, signed when the
/// request was. Records are written straight into the one message held, so a zone of a million names
/// costs no more memory than a zone of ten. Every owner is written as its labels below the apex and a
/// pointer to the question's name, which in a transfer is the apex.
/// </summary>
/// <remarks>
/// RFC 5936 §2.2 (messages of a transfer; the question in each), RFC 7766 §8 (length prefix), RFC 8945
/// §5.3.1 (signing each message); RFC 1035 §3.3.13 (SOA), §3.3.11 (NS), §3.3.14 (TXT), §4.1.4
/// (pointers); RFC 3403 §4.1 (NAPTR, its replacement never compressed).
/// </remarks>
internal sealed class ZoneTransferWriter : IDisposable
{
    /// <summary>The size a message is closed at: well under the 65,535 a TCP message may hold, and what Knot and NSD send.</summary>
    public const int MessageLimit = 16 * 1024;

    /// <summary>Room past the limit: one record of any size still fits behind a message just under it.</summary>
    private const int Capacity = 2 + DnsWire.TcpSize;

    private const ushort ApexPointer = 0xC000 | DnsWire.HeaderLength;

    private readonly Socket _client;
    private readonly byte[] _question;
    private readonly ushort _id;
    private readonly TsigKey? _key;
    private readonly TimeProvider _time;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(Capacity);
    private byte[]? _mac;
    private int _position;
    private int _records;
    private int _recordStart;
    private int _dataStart;

    public ZoneTransferWriter(Socket client, ReadOnlySpan<byte> question, ushort id, TsigKey? key, byte[]? requestMac, TimeProvider time)
    {
        _client = client;
        _question = question.ToArray();
        _id = id;
        _key = key;
        _mac = requestMac;
        _time = time;
        Begin();
    }

    /// <summary>Messages sent so far.</summary>
    public int Messages { get; private set; }

    /// <summary>Octets sent so far, length prefixes included.</summary>
    public long Octets { get; private set; }

    /// <summary>Records written so far.</summary>
    public long Records { get; private set; }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    public ValueTask SoaAsync(EnumZone zone, uint serial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var at = Start(ReadOnlySpan<byte>.Empty, DnsWire.TypeSoa, zone.Ttl);
        at = Name(at, zone.Soa.PrimaryName);
        at = Name(at, zone.Soa.Mailbox);
        foreach (var value in (ReadOnlySpan<uint>)[serial, zone.Soa.Refresh, zone.Soa.Retry, zone.Soa.Expire, zone.Soa.Minimum])
        {
            BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(at), value);
            at += 4;
        }

        return EndAsync(at, cancellationToken);
    }

    public ValueTask NsAsync(EnumZone zone, string server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var at = Start(ReadOnlySpan<byte>.Empty, DnsWire.TypeNs, zone.Ttl);
        return EndAsync(Name(at, server), cancellationToken);
    }

    /// <summary>The records of one name: its NAPTR set, then its TXT string.</summary>
    public async ValueTask NameAsync(EnumZoneName name, uint ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var owner = Owner(name.Owner);
        foreach (var naptr in name.Naptr)
        {
            await NaptrAsync(owner, ttl, naptr, cancellationToken).ConfigureAwait(false);
        }

        if (name.Text is { } text)
        {
            await TxtAsync(owner, ttl, text, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends what is held as one message (nothing when it holds no record).</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_records == 0)
        {
            return;
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(2 + 6), (ushort)_records);
        if (_key is not null)
        {
            // The first message over the request's MAC and every variable, each later one over the
            // MAC before it and the timers only (RFC 8945 §5.3.1).
            var message = new List<byte>(_position + 128);
            message.AddRange(_buffer.AsSpan(2, _position - 2));
            _mac = Tsig.Sign(message, _key, _mac, timersOnly: Messages > 0, _time.GetUtcNow());
            message.CopyTo(_buffer, 2);
            _position = 2 + message.Count;
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer, (ushort)(_position - 2));
        await _client.SendAsync(_buffer.AsMemory(0, _position), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        Messages++;
        Octets += _position;
        Begin();
    }

    private ValueTask NaptrAsync(byte[] owner, uint ttl, NaptrRecordData naptr, CancellationToken cancellationToken)
    {
        var at = Start(owner, DnsWire.TypeNaptr, ttl);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(at), naptr.Order);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(at + 2), naptr.Preference);
        at = Text(Text(Text(at + 4, naptr.Flags), naptr.Services), naptr.Regexp);
        at = Name(at, naptr.Replacement == "." ? string.Empty : naptr.Replacement);
        return EndAsync(at, cancellationToken);
    }

    private ValueTask TxtAsync(byte[] owner, uint ttl, string text, CancellationToken cancellationToken)
    {
        var at = Start(owner, DnsWire.TypeTxt, ttl);
        var octets = Encoding.UTF8.GetBytes(text);
        var offset = 0;
        do
        {
            var length = Math.Min(255, octets.Length - offset);
            _buffer[at++] = (byte)length;
            octets.AsSpan(offset, length).CopyTo(_buffer.AsSpan(at));
            at += length;
            offset += length;
        }
        while (offset < octets.Length);

        return EndAsync(at, cancellationToken);
    }

    /// <summary>Writes the owner, type, class and TTL; returns where the RDATA starts (its length is filled in by <see cref="EndAsync"/>).</summary>
    private int Start(ReadOnlySpan<byte> owner, ushort type, uint ttl)
    {
        _recordStart = _position;
        var at = _position;
        owner.CopyTo(_buffer.AsSpan(at));
        at += owner.Length;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(at), ApexPointer);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(at + 2), type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(at + 4), DnsWire.ClassIn);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(at + 6), ttl);
        _dataStart = at + 12;
        return _dataStart;
    }

    /// <summary>Closes the record begun at <see cref="Start"/>; a record that took the message past the limit moves into the next one.</summary>
    private async ValueTask EndAsync(int end, CancellationToken cancellationToken)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_dataStart - 2), (ushort)(end - _dataStart));
        if (_records > 0 && end - 2 > MessageLimit)
        {
            // Send the message without this record, then start the next with it.
            var record = _buffer.AsSpan(_recordStart, end - _recordStart).ToArray();
            _position = _recordStart;
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            record.CopyTo(_buffer, _position);
            end = _position + record.Length;
        }

        _position = end;
        _records++;
        Records++;
    }

    private int Name(int at, string name)
    {
        if (name.Length > 0)
        {
            foreach (var label in name.Split('.'))
            {
                _buffer[at++] = (byte)label.Length;
                at += Encoding.ASCII.GetBytes(label, _buffer.AsSpan(at));
            }
        }

        _buffer[at] = 0;
        return at + 1;
    }

    private int Text(int at, string text)
    {
        var length = Encoding.UTF8.GetBytes(text, _buffer.AsSpan(at + 1));
        _buffer[at] = (byte)length;
        return at + 1 + length;
    }

    private static byte[] Owner(string owner)
    {
        if (owner.Length == 0)
        {
            return [];
        }

        var wire = new byte[owner.Length + 1];
        var at = 0;
        foreach (var label in owner.Split('.'))
        {
            wire[at++] = (byte)label.Length;
            at += Encoding.ASCII.GetBytes(label, wire.AsSpan(at));
        }

        return wire;
    }

    private void Begin()
    {
        _position = 2;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_position), _id);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_position + 2), DnsWire.FlagQr | DnsWire.FlagAa);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_position + 4), 1);
        _buffer.AsSpan(_position + 6, 6).Clear();
        _position += DnsWire.HeaderLength;
        _question.CopyTo(_buffer, _position);
        _position += _question.Length;
        _records = 0;
    }
}
