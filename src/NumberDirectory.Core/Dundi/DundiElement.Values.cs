using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Dundi;

/// <summary>Typed accessors; each fails on an element that is not <see cref="IsWellFormed"/>.</summary>
public readonly partial record struct DundiElement
{
    /// <summary>The value as an EID (EID, EID_DIRECT, REQEID).</summary>
    public bool TryGetEid(out NodeId eid)
    {
        eid = default;
        if (Type is not (DundiIeType.Eid or DundiIeType.EidDirect or DundiIeType.RequestedEid) || !IsWellFormed)
        {
            return false;
        }

        eid = NodeId.FromBytes(Value.Span);
        return true;
    }

    /// <summary>The value as a big-endian uint16 (TTL, VERSION, EXPIRATION).</summary>
    public bool TryGetUInt16(out ushort value)
    {
        value = 0;
        if (Type is not (DundiIeType.Ttl or DundiIeType.Version or DundiIeType.Expiration) || !IsWellFormed)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(Value.Span);
        return true;
    }

    /// <summary>The value as a big-endian uint32 (KEYCRC32).</summary>
    public bool TryGetUInt32(out uint value)
    {
        value = 0;
        if (Type != DundiIeType.KeyCrc32 || !IsWellFormed)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(Value.Span);
        return true;
    }

    /// <summary>The value as a Latin-1 string; any type, since strings have no fixed length.</summary>
    public string GetString() => Text.GetString(Value.Span);

    /// <summary>The ANSWER record.</summary>
    public bool TryGetAnswer([NotNullWhen(true)] out DundiAnswer? answer)
    {
        answer = null;
        if (Type != DundiIeType.Answer || !IsWellFormed)
        {
            return false;
        }

        var span = Value.Span;
        answer = new DundiAnswer(
            NodeId.FromBytes(span[..6]),
            (DundiProtocol)span[6],
            (RouteFlags)BinaryPrimitives.ReadUInt16BigEndian(span[7..]),
            BinaryPrimitives.ReadUInt16BigEndian(span[9..]),
            Text.GetString(span[11..]));
        return true;
    }

    /// <summary>The HINT record.</summary>
    public bool TryGetHint([NotNullWhen(true)] out DundiHint? hint)
    {
        hint = null;
        if (Type != DundiIeType.Hint || !IsWellFormed)
        {
            return false;
        }

        var span = Value.Span;
        hint = new DundiHint((LookupHintKind)BinaryPrimitives.ReadUInt16BigEndian(span), Text.GetString(span[2..]));
        return true;
    }

    /// <summary>The CAUSE record.</summary>
    public bool TryGetCause([NotNullWhen(true)] out DundiCause? cause)
    {
        cause = null;
        if (Type != DundiIeType.Cause || !IsWellFormed)
        {
            return false;
        }

        var span = Value.Span;
        cause = new DundiCause((DundiCauseCode)span[0], Text.GetString(span[1..]));
        return true;
    }
}
