using System.Buffers.Binary;

namespace NumberDirectory.Server.EnumDns;

/// <summary>A TSIG record as read from a request.</summary>
/// <remarks>RFC 8945 §4.2.</remarks>
/// <param name="Start">Where the record starts in the packet: the signed message is what precedes it.</param>
/// <param name="KeyName">The key's name, lower case, no final dot.</param>
/// <param name="Algorithm">The algorithm's name, lower case, no final dot (e.g. <c>hmac-sha256</c>).</param>
/// <param name="TimeSigned">Seconds since 1970 when the request was signed.</param>
/// <param name="Fudge">Seconds of clock difference the signer allows.</param>
/// <param name="Mac">The MAC.</param>
/// <param name="OriginalId">The message ID when it was signed.</param>
/// <param name="Error">The TSIG error field.</param>
/// <param name="Other">The other-data field.</param>
internal sealed record TsigRecord(int Start, string KeyName, string Algorithm, long TimeSigned, ushort Fudge, byte[] Mac, ushort OriginalId, ushort Error, byte[] Other)
{
    /// <summary>Reads the RDATA of a TSIG record at <paramref name="rdataStart"/>.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, int start, string owner, int rdataStart, int rdataLength, out TsigRecord? record)
    {
        record = null;
        var end = rdataStart + rdataLength;
        var at = rdataStart;
        if (!TransferRequest.TryReadName(packet, ref at, out var algorithm) || at + 10 > end)
        {
            return false;
        }

        var time = ((long)BinaryPrimitives.ReadUInt16BigEndian(packet[at..]) << 32) | BinaryPrimitives.ReadUInt32BigEndian(packet[(at + 2)..]);
        var fudge = BinaryPrimitives.ReadUInt16BigEndian(packet[(at + 6)..]);
        var macSize = BinaryPrimitives.ReadUInt16BigEndian(packet[(at + 8)..]);
        at += 10;
        if (at + macSize + 6 > end)
        {
            return false;
        }

        var mac = packet.Slice(at, macSize).ToArray();
        at += macSize;
        var originalId = BinaryPrimitives.ReadUInt16BigEndian(packet[at..]);
        var error = BinaryPrimitives.ReadUInt16BigEndian(packet[(at + 2)..]);
        var otherLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(at + 4)..]);
        at += 6;
        if (at + otherLength != end)
        {
            return false;
        }

        record = new TsigRecord(start, owner, algorithm, time, fudge, mac, originalId, error, packet.Slice(at, otherLength).ToArray());
        return true;
    }
}
