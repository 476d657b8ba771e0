using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace NumberDirectory.Core.Dundi;

/// <summary>Reads and writes DUNDi datagrams. Decoding never throws.</summary>
/// <remarks>
/// docs/protocols/dundi.md §Transport, §Header and §Information elements. Decoding keeps every IE as raw bytes
/// (unknown types and wrong fixed lengths included, marked by <see cref="DundiElement.IsWellFormed"/>),
/// strans unmasked and ENCDATA's length byte as received, so <see cref="Encode(DundiMessage)"/> gives back
/// the exact datagram.
/// </remarks>
public static class DundiCodec
{
    /// <summary>The fixed header size.</summary>
    public const int HeaderLength = 8;

    /// <summary>The largest datagram DUNDi sends or accepts.</summary>
    public const int MaxDatagramLength = 8192;

    private const byte FinalBit = 0x80;

    /// <summary>Decodes one datagram.</summary>
    /// <param name="packet">The UDP payload.</param>
    /// <param name="message">The message, when the datagram is well formed enough to use.</param>
    /// <param name="error">Why it was rejected, or <see cref="DundiDecodeError.None"/>.</param>
    /// <returns>True when decoded.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> packet, [NotNullWhen(true)] out DundiMessage? message, out DundiDecodeError error)
    {
        message = null;
        if (packet.Length > MaxDatagramLength)
        {
            error = DundiDecodeError.Oversized;
            return false;
        }

        if (packet.Length < HeaderLength)
        {
            error = DundiDecodeError.Truncated;
            return false;
        }

        // First the walk over the elements, checking every length: a bad packet costs no allocation,
        // and a good one gets an element array of exactly its size.
        var count = 0;
        for (var offset = HeaderLength; offset < packet.Length; count++)
        {
            if (!TryStep(packet, ref offset, out error))
            {
                return false;
            }
        }

        // One copy: the elements slice it, so the message does not alias the caller's receive buffer.
        var bytes = packet.ToArray();
        var elements = ImmutableArray.CreateBuilder<DundiElement>(count);
        for (var offset = HeaderLength; offset < bytes.Length;)
        {
            var start = offset + 2;
            TryStep(bytes, ref offset, out _);
            elements.Add(new DundiElement((DundiIeType)bytes[start - 2], bytes.AsMemory(start, offset - start), bytes[start - 1]));
        }

        var cmdresp = bytes[6];
        message = new DundiMessage
        {
            SourceTransaction = BinaryPrimitives.ReadUInt16BigEndian(bytes),
            DestinationTransaction = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(2)),
            InboundSequence = bytes[4],
            OutboundSequence = bytes[5],
            Command = (DundiCommand)(cmdresp & ~FinalBit),
            IsFinal = (cmdresp & FinalBit) != 0,
            CommandFlags = bytes[7],
            Elements = elements.MoveToImmutable(),
        };
        error = DundiDecodeError.None;
        return true;
    }

    /// <summary>Moves <paramref name="offset"/> past the element that starts there; false when it does not fit.</summary>
    private static bool TryStep(ReadOnlySpan<byte> packet, ref int offset, out DundiDecodeError error)
    {
        if (offset + 2 > packet.Length)
        {
            error = DundiDecodeError.DanglingIeType;
            return false;
        }

        var start = offset + 2;

        // ENCDATA's length byte is unreliable (truncated above 255): the value is the rest of the packet.
        var length = (DundiIeType)packet[offset] == DundiIeType.EncryptedData ? packet.Length - start : packet[offset + 1];
        if (start + length > packet.Length)
        {
            error = DundiDecodeError.LengthPastEnd;
            return false;
        }

        offset = start + length;
        error = DundiDecodeError.None;
        return true;
    }

    /// <summary>The number of bytes <see cref="Encode(DundiMessage, Span{byte})"/> writes.</summary>
    public static int GetEncodedLength(DundiMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var length = HeaderLength;
        foreach (var element in message.Elements)
        {
            length += element.EncodedLength;
        }

        return length;
    }

    /// <summary>Encodes a message into <paramref name="destination"/>.</summary>
    /// <returns>The bytes written.</returns>
    /// <exception cref="ArgumentException">The destination is too small, or the message exceeds 8192 bytes.</exception>
    public static int Encode(DundiMessage message, Span<byte> destination)
    {
        var length = GetEncodedLength(message);
        if (length > MaxDatagramLength)
        {
            throw new ArgumentException($"a DUNDi datagram is at most {MaxDatagramLength} bytes; this message needs {length}", nameof(message));
        }

        if (destination.Length < length)
        {
            throw new ArgumentException($"the message needs {length} bytes, the destination has {destination.Length}", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, message.SourceTransaction);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], message.DestinationTransaction);
        destination[4] = message.InboundSequence;
        destination[5] = message.OutboundSequence;
        destination[6] = message.CommandByte;
        destination[7] = message.CommandFlags;
        var offset = HeaderLength;
        foreach (var element in message.Elements)
        {
            offset += element.WriteTo(destination[offset..]);
        }

        return offset;
    }

    /// <summary>Encodes a message into a new array.</summary>
    /// <exception cref="ArgumentException">The message exceeds 8192 bytes.</exception>
    public static byte[] Encode(DundiMessage message)
    {
        var bytes = new byte[GetEncodedLength(message)];
        Encode(message, bytes);
        return bytes;
    }
}
