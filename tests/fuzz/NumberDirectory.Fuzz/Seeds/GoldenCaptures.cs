using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Tests.Dundi;

namespace NumberDirectory.Fuzz.Seeds;

/// <summary>The captured Asterisk packets (tests/NumberDirectory.Core.Tests/TestData/dundi) as seeds, and what DUNDi mutations use.</summary>
internal static class GoldenCaptures
{
    private static readonly Lazy<IReadOnlyList<HexFixture>> All = new(() => [.. HexFixture.AllNames().Select(HexFixture.Load)]);

    /// <summary>Every captured datagram, plaintext and ENCRYPT.</summary>
    public static IReadOnlyList<byte[]> Wire => [.. All.Value.Select(f => f.Wire)];

    /// <summary>The ENCRYPT datagrams.</summary>
    public static IReadOnlyList<byte[]> Encrypted => [.. All.Value.Where(f => f.Has("decrypted")).Select(f => f.Wire)];

    /// <summary>What the ENCRYPT datagrams hold, as plaintext packets.</summary>
    public static IReadOnlyList<byte[]> Decrypted => [.. All.Value.Where(f => f.Has("decrypted")).Select(f => f["decrypted"])];

    /// <summary>The zlib streams (with their zero padding) inside the ENCRYPT datagrams.</summary>
    public static IReadOnlyList<byte[]> ZlibStreams => [.. All.Value.Where(f => f.Has("aes-cbc-plaintext")).Select(f => f["aes-cbc-plaintext"])];

    /// <summary>The capture numbered <paramref name="number"/>.</summary>
    public static HexFixture Number(int number) => HexFixture.Number(number);

    /// <summary>IE headers (type, length) and whole small IEs, plus the header's command bytes, for token mutations.</summary>
    public static IReadOnlyList<byte[]> Tokens { get; } =
    [
        [0x01, 0x06, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a],
        [0x04, 0x06, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0b],
        [0x02, 0x04, 0x65, 0x31, 0x36, 0x34],
        [0x03, 0x04, 0x34, 0x30, 0x30, 0x31],
        [0x05, 0x0b, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0b, 0x01, 0x00, 0x00, 0x00, 0x0a],
        [0x06, 0x02, 0x00, 0x20],
        [0x0a, 0x02, 0x00, 0x01],
        [0x0b, 0x02, 0x01, 0x2c],
        [0x0c, 0x01, 0x1f],
        [0x0e, 0x01, 0x02],
        [0x0f, 0x06, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0c],
        [0x10, 0x00],
        [0x10, 0x20],
        [0x11, 0x80],
        [0x12, 0x80],
        [0x13, 0x04, 0x4f, 0xca, 0x10, 0x03],
        [0x14, 0x02, 0x00, 0x01],
        [0x1d, 0x00],
        [0x00, 0x00],
        [0xff, 0xff],
        [(byte)DundiCommand.DpDiscover],
        [(byte)DundiCommand.Encrypt],
        [(byte)DundiCommand.Ack | 0x80],
        [(byte)DundiCommand.Invalid],
    ];

    /// <summary>The offset of every IE's length byte, walking the IEs after the 8-byte header as the codec does.</summary>
    public static IReadOnlyList<int> IeLengthFields(byte[] datagram)
    {
        var fields = new List<int>();
        var offset = DundiCodec.HeaderLength;
        while (offset + 1 < datagram.Length)
        {
            fields.Add(offset + 1);
            if (datagram[offset] == (byte)DundiIeType.EncryptedData)
            {
                break;
            }

            offset += 2 + datagram[offset + 1];
        }

        return fields;
    }
}
