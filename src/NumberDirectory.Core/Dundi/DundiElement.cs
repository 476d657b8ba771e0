using System.Buffers.Binary;
using System.Text;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Dundi;

/// <summary>
/// One information element exactly as on the wire: its type, its value bytes and (for ENCDATA) the
/// length byte that was written. Unknown types and values of the wrong fixed length are kept, so a
/// decoded message re-encodes byte for byte; <see cref="IsWellFormed"/> tells the typed readers to skip them.
/// </summary>
/// <remarks>
/// docs/protocols/dundi.md §Information elements: type(1) length(1) value. Strings are ASCII/Latin-1 and not
/// NUL-terminated. Build elements with the typed factories in <c>DundiElement.Factories.cs</c>; read
/// them with the <c>TryGet…</c> accessors in <c>DundiElement.Values.cs</c>.
/// </remarks>
public readonly partial record struct DundiElement
{
    /// <summary>The largest value a length byte can describe.</summary>
    public const int MaxValueLength = byte.MaxValue;

    /// <summary>The strings' encoding: one byte per character.</summary>
    internal static readonly Encoding Text = Encoding.Latin1;

    /// <summary>Creates an element with a raw value.</summary>
    /// <param name="type">The IE type (any byte; unknown types are carried as they are).</param>
    /// <param name="value">The value. Only ENCDATA may exceed 255 bytes; its length byte is then truncated as Asterisk writes it.</param>
    /// <exception cref="ArgumentException">The value is longer than 255 bytes and the type is not ENCDATA.</exception>
    public DundiElement(DundiIeType type, ReadOnlyMemory<byte> value)
    {
        if (value.Length > MaxValueLength && type != DundiIeType.EncryptedData)
        {
            throw new ArgumentException($"IE {type} value is {value.Length} bytes; at most {MaxValueLength} fit its length byte", nameof(value));
        }

        Type = type;
        Value = value;
        LengthByte = unchecked((byte)value.Length);
    }

    /// <summary>Decoder's constructor: keeps the length byte as received (it only differs for ENCDATA).</summary>
    internal DundiElement(DundiIeType type, ReadOnlyMemory<byte> value, byte lengthByte)
    {
        Type = type;
        Value = value;
        LengthByte = lengthByte;
    }

    /// <summary>The IE type byte.</summary>
    public DundiIeType Type { get; }

    /// <summary>The value bytes (for ENCDATA: the rest of the packet).</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>
    /// The length byte on the wire. Equals the value length except for ENCDATA, whose length byte is
    /// unreliable (truncated above 255 bytes) and is kept as received so re-encoding is exact.
    /// </summary>
    public byte LengthByte { get; }

    /// <summary>Bytes this element takes on the wire.</summary>
    public int EncodedLength => 2 + Value.Length;

    /// <summary>
    /// False when a known type has the wrong length (an EID not 6 bytes, a TTL not 2, an ANSWER
    /// shorter than 11…). Such an element is skipped by every typed reader (docs/protocols/dundi.md §Information elements).
    /// Unknown types count as well formed; readers never ask for them.
    /// </summary>
    public bool IsWellFormed => Type switch
    {
        DundiIeType.Eid or DundiIeType.EidDirect or DundiIeType.RequestedEid => Value.Length == NodeId.Length,
        DundiIeType.Ttl or DundiIeType.Version or DundiIeType.Expiration => Value.Length == 2,
        DundiIeType.UnknownCommand => Value.Length == 1,
        DundiIeType.KeyCrc32 => Value.Length == 4,
        DundiIeType.SharedKey or DundiIeType.Signature => Value.Length == 128,
        DundiIeType.CacheBypass => Value.Length == 0,
        DundiIeType.Answer => Value.Length >= 11,
        DundiIeType.Cause => Value.Length >= 1,
        DundiIeType.Hint => Value.Length >= 2,
        _ => true,
    };

    /// <summary>True for the IE types this codec knows.</summary>
    public bool IsKnownType => Enum.IsDefined(Type);

    /// <inheritdoc />
    public bool Equals(DundiElement other) =>
        Type == other.Type && LengthByte == other.LengthByte && Value.Span.SequenceEqual(other.Value.Span);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Type);
        hash.Add(LengthByte);
        hash.AddBytes(Value.Span);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Type}[{Value.Length}]";

    /// <summary>Writes type, length byte and value; returns the bytes written.</summary>
    internal int WriteTo(Span<byte> destination)
    {
        destination[0] = (byte)Type;
        destination[1] = LengthByte;
        Value.Span.CopyTo(destination[2..]);
        return EncodedLength;
    }

    private static ReadOnlyMemory<byte> UInt16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }
}
