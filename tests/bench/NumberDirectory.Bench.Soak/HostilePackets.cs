using System.Globalization;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Bench.Soak;

/// <summary>
/// What an attacker on the path sends a DUNDi port, in turn: DPDISCOVERs from EIDs nobody configured,
/// numbered as no first packet can be (oseqno ≠ 0) and numbered as a first packet (each then opens a
/// transaction that must go away again); bare 8-byte headers of assorted commands; random bytes; and
/// ENCRYPT packets with random keys, signature and ciphertext.
/// </summary>
/// <remarks>docs/protocols/dundi.md §Untrusted sources, §Header, §Encryption.</remarks>
internal sealed class HostilePackets(int seed)
{
    public static readonly string[] Kinds = ["discover, bad oseqno", "discover, unknown EID", "header only", "garbage", "encrypted junk"];

    private static readonly DundiCommand[] HeaderCommands =
        [DundiCommand.DpDiscover, DundiCommand.Ack, DundiCommand.DpResponse, DundiCommand.Null, DundiCommand.Cancel, DundiCommand.EidQuery, DundiCommand.Encrypt];

    private readonly Random _random = new(seed);
    private long _sent;

    /// <summary>The next packet, and which of <see cref="Kinds"/> it is.</summary>
    public (int Kind, byte[] Datagram) Next()
    {
        var kind = (int)(_sent++ % Kinds.Length);
        return (kind, kind switch
        {
            0 => Discover(oseqno: (byte)_random.Next(1, 256)),
            1 => Discover(oseqno: 0),
            2 => HeaderOnly(),
            3 => Garbage(),
            _ => EncryptedJunk(),
        });
    }

    private byte[] Discover(byte oseqno) => DundiCodec.Encode(new DundiMessage
    {
        SourceTransaction = Transaction(),
        OutboundSequence = oseqno,
        Command = DundiCommand.DpDiscover,
        Elements =
        [
            DundiElement.Version(),
            DundiElement.EidDirect(UnknownEid()),
            DundiElement.CalledNumber((3000 + _random.Next(1000)).ToString(CultureInfo.InvariantCulture)),
            DundiElement.CalledContext("e164"),
            DundiElement.Ttl(32),
        ],
    });

    private byte[] HeaderOnly() => DundiCodec.Encode(new DundiMessage
    {
        SourceTransaction = Transaction(),
        DestinationTransaction = _random.Next(3) == 0 ? (ushort)0 : Transaction(),
        InboundSequence = (byte)_random.Next(256),
        OutboundSequence = (byte)_random.Next(256),
        Command = HeaderCommands[_random.Next(HeaderCommands.Length)],
        IsFinal = _random.Next(2) == 0,
    });

    private byte[] Garbage()
    {
        var bytes = new byte[_random.Next(1, 300)];
        _random.NextBytes(bytes);
        return bytes;
    }

    private byte[] EncryptedJunk()
    {
        var key = new byte[128];
        var signature = new byte[128];
        var data = new byte[16 + (16 * _random.Next(1, 16))];
        _random.NextBytes(key);
        _random.NextBytes(signature);
        _random.NextBytes(data);
        return DundiCodec.Encode(new DundiMessage
        {
            SourceTransaction = Transaction(),
            Command = DundiCommand.Encrypt,
            Elements =
            [
                DundiElement.Eid(UnknownEid()),
                DundiElement.SharedKey(key),
                DundiElement.Signature(signature),
                DundiElement.EncryptedData(data),
            ],
        });
    }

    private ushort Transaction() => (ushort)_random.Next(1, 32767);

    // 02:… is a locally administered EID: never one of the documentation EIDs the mesh is configured with.
    private NodeId UnknownEid() => NodeId.NewRandom(bytes =>
    {
        _random.NextBytes(bytes);
        bytes[0] = 0x02;
    });
}
