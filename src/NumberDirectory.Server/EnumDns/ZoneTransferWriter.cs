using System.Buffers.Binary;
using System.Net.Sockets;

namespace NumberDirectory.Server.EnumDns;

/// <summary>
/// Streams the messages of one transfer to a TCP connection: each message the header, the question
/// and as many records as fit in <see cref="MessageLimit"/> octets, length-prefixed, signed when the
/// request was. Only one message is ever held, so a zone of a million names costs no more memory than
/// a zone of ten.
/// </summary>
/// <remarks>RFC 5936 §2.2 (messages of a transfer; the question in each), RFC 7766 §8 (length prefix), RFC 8945 §5.3.1 (signing each message).</remarks>
internal sealed class ZoneTransferWriter
{
    /// <summary>The size a message is closed at: well under the 65,535 a TCP message may hold, and what Knot and NSD send.</summary>
    public const int MessageLimit = 16 * 1024;

    private readonly Socket _client;
    private readonly byte[] _question;
    private readonly ushort _id;
    private readonly TsigKey? _key;
    private readonly TimeProvider _time;
    private readonly List<byte> _message = new(MessageLimit + 512);
    private byte[]? _mac;
    private int _records;

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

    public async ValueTask AddAsync(byte[] record, CancellationToken cancellationToken)
    {
        if (_records > 0 && _message.Count + record.Length > MessageLimit)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        _message.AddRange(record);
        _records++;
        Records++;
    }

    /// <summary>Sends what is held as one message (nothing when it holds no record).</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_records == 0)
        {
            return;
        }

        _message[6] = (byte)(_records >> 8);
        _message[7] = (byte)_records;
        if (_key is not null)
        {
            // The first message over the request's MAC and every variable, each later one over the
            // MAC before it and the timers only (RFC 8945 §5.3.1).
            _mac = Tsig.Sign(_message, _key, _mac, timersOnly: Messages > 0, _time.GetUtcNow());
        }

        var framed = new byte[_message.Count + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)_message.Count);
        _message.CopyTo(framed, 2);
        await _client.SendAsync(framed, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        Messages++;
        Octets += framed.Length;
        Begin();
    }

    private void Begin()
    {
        _message.Clear();
        var header = new byte[DnsWire.HeaderLength];
        BinaryPrimitives.WriteUInt16BigEndian(header, _id);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), DnsWire.FlagQr | DnsWire.FlagAa);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 1);
        _message.AddRange(header);
        _message.AddRange(_question);
        _records = 0;
    }
}
