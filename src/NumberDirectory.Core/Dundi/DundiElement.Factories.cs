using System.Buffers.Binary;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Dundi;

/// <summary>Typed factories, one per IE type.</summary>
public readonly partial record struct DundiElement
{
    /// <summary>EID: a path list entry; in ENCRYPT, the sender.</summary>
    public static DundiElement Eid(NodeId eid) => new(DundiIeType.Eid, eid.ToBytes());

    /// <summary>EID_DIRECT: a path list entry for a direct/trusted hop.</summary>
    public static DundiElement EidDirect(NodeId eid) => new(DundiIeType.EidDirect, eid.ToBytes());

    /// <summary>REQEID: the entity an EIDQUERY asks about.</summary>
    public static DundiElement RequestedEid(NodeId eid) => new(DundiIeType.RequestedEid, eid.ToBytes());

    /// <summary>CALLED_CONTEXT.</summary>
    public static DundiElement CalledContext(string context) => FromString(DundiIeType.CalledContext, context);

    /// <summary>CALLED_NUMBER.</summary>
    public static DundiElement CalledNumber(string number) => FromString(DundiIeType.CalledNumber, number);

    /// <summary>TTL: remaining hops.</summary>
    public static DundiElement Ttl(ushort hops) => new(DundiIeType.Ttl, UInt16(hops));

    /// <summary>VERSION; Asterisk sends 1.</summary>
    public static DundiElement Version(ushort version = 1) => new(DundiIeType.Version, UInt16(version));

    /// <summary>EXPIRATION in seconds.</summary>
    public static DundiElement Expiration(ushort seconds) => new(DundiIeType.Expiration, UInt16(seconds));

    /// <summary>UNKNOWN: the command byte that was not understood.</summary>
    public static DundiElement UnknownCommand(byte command) => new(DundiIeType.UnknownCommand, new[] { command });

    /// <summary>CACHEBYPASS (empty).</summary>
    public static DundiElement CacheBypass() => new(DundiIeType.CacheBypass, ReadOnlyMemory<byte>.Empty);

    /// <summary>KEYCRC32.</summary>
    public static DundiElement KeyCrc32(uint crc)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, crc);
        return new(DundiIeType.KeyCrc32, bytes);
    }

    /// <summary>SHAREDKEY: the 128-byte RSA-encrypted session key.</summary>
    public static DundiElement SharedKey(ReadOnlySpan<byte> encryptedKey) => new(DundiIeType.SharedKey, encryptedKey.ToArray());

    /// <summary>SIGNATURE: the 128-byte signature over SHAREDKEY.</summary>
    public static DundiElement Signature(ReadOnlySpan<byte> signature) => new(DundiIeType.Signature, signature.ToArray());

    /// <summary>ENCDATA: IV followed by ciphertext; must be the last IE.</summary>
    public static DundiElement EncryptedData(ReadOnlySpan<byte> ivAndCiphertext) => new(DundiIeType.EncryptedData, ivAndCiphertext.ToArray());

    /// <summary>CAUSE: code and optional text.</summary>
    public static DundiElement Cause(DundiCauseCode code, string text = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = new byte[1 + Text.GetByteCount(text)];
        bytes[0] = (byte)code;
        Text.GetBytes(text, bytes.AsSpan(1));
        return new(DundiIeType.Cause, bytes);
    }

    /// <summary>CAUSE from a record.</summary>
    public static DundiElement Cause(DundiCause cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return Cause(cause.Code, cause.Text);
    }

    /// <summary>HINT: flags and optional prefix.</summary>
    public static DundiElement Hint(DundiHint hint)
    {
        ArgumentNullException.ThrowIfNull(hint);
        var bytes = new byte[2 + Text.GetByteCount(hint.Prefix)];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)hint.Flags);
        Text.GetBytes(hint.Prefix, bytes.AsSpan(2));
        return new(DundiIeType.Hint, bytes);
    }

    /// <summary>ANSWER: eid, protocol, flags, weight (network byte order) and destination.</summary>
    public static DundiElement Answer(DundiAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var bytes = new byte[11 + Text.GetByteCount(answer.Destination)];
        answer.Eid.WriteTo(bytes);
        bytes[6] = (byte)answer.Protocol;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(7), (ushort)answer.Flags);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(9), answer.Weight);
        Text.GetBytes(answer.Destination, bytes.AsSpan(11));
        return new(DundiIeType.Answer, bytes);
    }

    /// <summary>DEPARTMENT.</summary>
    public static DundiElement Department(string text) => FromString(DundiIeType.Department, text);

    /// <summary>ORGANIZATION.</summary>
    public static DundiElement Organization(string text) => FromString(DundiIeType.Organization, text);

    /// <summary>LOCALITY.</summary>
    public static DundiElement Locality(string text) => FromString(DundiIeType.Locality, text);

    /// <summary>STATE_PROV.</summary>
    public static DundiElement StateProvince(string text) => FromString(DundiIeType.StateProvince, text);

    /// <summary>COUNTRY.</summary>
    public static DundiElement Country(string text) => FromString(DundiIeType.Country, text);

    /// <summary>EMAIL.</summary>
    public static DundiElement Email(string text) => FromString(DundiIeType.Email, text);

    /// <summary>PHONE.</summary>
    public static DundiElement Phone(string text) => FromString(DundiIeType.Phone, text);

    /// <summary>IPADDR.</summary>
    public static DundiElement IpAddress(string text) => FromString(DundiIeType.IpAddress, text);

    /// <summary>Any string IE (Latin-1, no terminator).</summary>
    public static DundiElement FromString(DundiIeType type, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(type, Text.GetBytes(text));
    }
}
