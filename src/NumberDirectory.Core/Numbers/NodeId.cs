using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace NumberDirectory.Core.Numbers;

/// <summary>
/// A node's identity: the 6-byte DUNDi Entity ID (EID), written <c>02:00:00:00:00:0b</c>.
/// Created once at random and persisted; never derived from a network card.
/// </summary>
/// <remarks>docs/protocols/dundi.md §Identity; docs/architecture.md §Node identity.</remarks>
public readonly record struct NodeId
{
    /// <summary>Bytes in an EID on the wire.</summary>
    public const int Length = 6;

    private readonly ulong _value;

    private NodeId(ulong value) => _value = value;

    /// <summary>The all-zero id, never a real node.</summary>
    public static NodeId Empty => default;

    /// <summary>True for the all-zero id.</summary>
    public bool IsEmpty => _value == 0;

    /// <summary>Builds an id from its 6 wire bytes.</summary>
    public static NodeId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"an EID is {Length} bytes, got {bytes.Length}", nameof(bytes));
        }

        Span<byte> buffer = stackalloc byte[8];
        buffer.Clear();
        bytes.CopyTo(buffer[2..]);
        return new NodeId(BinaryPrimitives.ReadUInt64BigEndian(buffer));
    }

    /// <summary>
    /// A new random id with the locally-administered bit set and the multicast bit clear,
    /// so it can never collide with a real MAC address (IEEE 802 §8.2).
    /// </summary>
    /// <param name="fill">Source of randomness (injected; the node passes a CSPRNG).</param>
    public static NodeId NewRandom(Action<Span<byte>> fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        Span<byte> bytes = stackalloc byte[Length];
        fill(bytes);

        // The locally-administered bit also guarantees the id is never all zeros.
        bytes[0] = (byte)((bytes[0] | 0x02) & 0xFE);
        return FromBytes(bytes);
    }

    /// <summary>Writes the 6 wire bytes.</summary>
    public void WriteTo(Span<byte> destination)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, _value);
        buffer[2..].CopyTo(destination);
    }

    /// <summary>The 6 wire bytes.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Parses <c>02:00:00:00:00:0b</c> (colons or dashes, any case).</summary>
    public static bool TryParse(string? text, out NodeId id)
    {
        id = default;
        if (text is null || text.Length != 17)
        {
            return false;
        }

        ulong value = 0;
        for (var i = 0; i < Length; i++)
        {
            var part = text.AsSpan(i * 3, 2);
            if (i < Length - 1 && text[(i * 3) + 2] is not (':' or '-'))
            {
                return false;
            }

            if (!byte.TryParse(part, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                return false;
            }

            value = (value << 8) | b;
        }

        id = new NodeId(value);
        return true;
    }

    /// <summary>Parses an EID or throws <see cref="FormatException"/>.</summary>
    public static NodeId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not an EID; write six hex bytes like 02:00:00:00:00:0b");

    /// <inheritdoc />
    [SuppressMessage("Globalization", "CA1305", Justification = "hex formatting is culture-free")]
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Length];
        WriteTo(bytes);
        return string.Join(':', bytes.ToArray().Select(b => b.ToString("x2")));
    }
}
