using System.Buffers.Binary;
using System.Text;

namespace NumberDirectory.Bench.Soak;

/// <summary>
/// A NAPTR query for a number's ENUM name (its digits reversed under the zone: 3001 is
/// <c>1.0.0.3.e164.example.net</c>), as a resolver sends it with EDNS, and the reading of the answer.
/// </summary>
/// <remarks>RFC 6116 §2.4 (the name), RFC 1035 §4.1 (the message), RFC 6891 §6.1 (the OPT record).</remarks>
internal static class EnumQuery
{
    public const string Zone = "e164.example.net";

    public static byte[] Build(ushort id, string number)
    {
        var message = new List<byte>(64);
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        header[2] = 0x01; // RD, as a stub resolver sends it; the door is authoritative and ignores it
        header[5] = 1; // QDCOUNT
        header[11] = 1; // ARCOUNT: the OPT record
        message.AddRange(header);
        foreach (var digit in number.Reverse())
        {
            message.Add(1);
            message.Add((byte)digit);
        }

        foreach (var label in Zone.Split('.'))
        {
            message.Add((byte)label.Length);
            message.AddRange(Encoding.ASCII.GetBytes(label));
        }

        message.AddRange([0, 0, 35, 0, 1]); // root, QTYPE NAPTR, QCLASS IN
        message.AddRange([0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0]); // OPT: root, type 41, payload 1232, no flags, no options
        return [.. message];
    }

    public static ushort Id(ReadOnlySpan<byte> response) => BinaryPrimitives.ReadUInt16BigEndian(response);

    public static int ResponseCode(ReadOnlySpan<byte> response) => response[3] & 0x0F;

    public static int AnswerCount(ReadOnlySpan<byte> response) => BinaryPrimitives.ReadUInt16BigEndian(response[6..]);
}
