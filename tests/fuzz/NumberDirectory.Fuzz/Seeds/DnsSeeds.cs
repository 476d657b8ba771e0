using System.Buffers.Binary;
using System.Text;

namespace NumberDirectory.Fuzz.Seeds;

/// <summary>
/// DNS queries for the ENUM door: Asterisk's captured ENUMLOOKUP query, and queries shaped like a
/// resolver's (NAPTR, SOA, ANY, with and without EDNS, the name's case mixed, qname-minimised).
/// </summary>
internal static class DnsSeeds
{
    public static IReadOnlyList<byte[]> Queries { get; } =
    [
        Query("1.0.0.4.e164.example.net", 35, edns: false),
        Query("1.0.1.0.5.5.5.1.E164.Example.NET", 35, edns: true),
        Query("4.e164.example.net", 1, edns: true),
        Query("e164.example.net", 6, edns: false),
        Query("9.9.9.9.e164.example.net", 255, edns: true),
        Query("1.0.0.4.e164.arpa", 35, edns: true, opcode: 4),
        .. Captured(),
    ];

    public static IReadOnlyList<byte[]> Tokens { get; } =
    [
        [0xC0, 0x0C], [0x3F], [0x40], [0x00, 0x23, 0x00, 0x01], [0x00, 0x29, 0x04, 0xD0], [0xFF, 0xFF], [0x00, 0x00], [0x01, 0x31],
        Encoding.ASCII.GetBytes("e164"), Encoding.ASCII.GetBytes("example"), [0x80, 0x00], [0x81, 0x80],
    ];

    /// <summary>A query with one question; with EDNS an OPT record (payload 1232) in the additional section.</summary>
    public static byte[] Query(string name, ushort type, bool edns, int opcode = 0)
    {
        var packet = new List<byte>();
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, 0x1234);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)(0x0100 | (opcode << 11)));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), (ushort)(edns ? 1 : 0));
        packet.AddRange(header);
        foreach (var label in name.Split('.'))
        {
            packet.Add((byte)label.Length);
            packet.AddRange(Encoding.ASCII.GetBytes(label));
        }

        packet.AddRange([0, (byte)(type >> 8), (byte)type, 0, 1]);
        if (edns)
        {
            packet.AddRange([0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0]);
        }

        return [.. packet];
    }

    // The query Asterisk's ENUMLOOKUP(+4001,sip) sends, as captured (tests/NumberDirectory.Server.Tests/TestData/enum).
    private static IEnumerable<byte[]> Captured()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "TestData", "enum", "asterisk-enumlookup-query.hex");
        if (!File.Exists(file))
        {
            yield break;
        }

        var hex = string.Concat(File.ReadAllLines(file).Where(l => !l.TrimStart().StartsWith('#')).Select(l => l.Split('#')[0])).Replace(" ", string.Empty, StringComparison.Ordinal);
        yield return Convert.FromHexString(hex.Trim());
    }
}
