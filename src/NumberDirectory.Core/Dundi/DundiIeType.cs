namespace NumberDirectory.Core.Dundi;

/// <summary>The type byte of a DUNDi information element (IE).</summary>
/// <remarks>docs/protocols/dundi.md §Information elements. Types not listed here still decode and re-encode unchanged.</remarks>
public enum DundiIeType : byte
{
    /// <summary>EID (6 bytes): a path ("avoid") list entry; in ENCRYPT, the sender.</summary>
    Eid = 1,

    /// <summary>CALLED_CONTEXT (string); absent means <c>e164</c>.</summary>
    CalledContext = 2,

    /// <summary>CALLED_NUMBER (string).</summary>
    CalledNumber = 3,

    /// <summary>EID_DIRECT (6 bytes): like EID, marks a direct/trusted hop.</summary>
    EidDirect = 4,

    /// <summary>ANSWER: eid[6] proto[1] flags[2] weight[2] dest[n].</summary>
    Answer = 5,

    /// <summary>TTL (uint16): remaining hops.</summary>
    Ttl = 6,

    /// <summary>VERSION (uint16) = 1, never checked.</summary>
    Version = 10,

    /// <summary>EXPIRATION (uint16): seconds of cache or registration lifetime.</summary>
    Expiration = 11,

    /// <summary>UNKNOWN (1 byte): the command that was not understood.</summary>
    UnknownCommand = 12,

    /// <summary>CAUSE: code[1] + optional text.</summary>
    Cause = 14,

    /// <summary>REQEID (6 bytes): the EIDQUERY target.</summary>
    RequestedEid = 15,

    /// <summary>ENCDATA: IV[16] + ciphertext; last IE, runs to the end of the packet.</summary>
    EncryptedData = 16,

    /// <summary>SHAREDKEY (128 bytes): the RSA-OAEP encrypted session key.</summary>
    SharedKey = 17,

    /// <summary>SIGNATURE (128 bytes): RSA PKCS#1 v1.5 SHA-1 signature over SHAREDKEY.</summary>
    Signature = 18,

    /// <summary>KEYCRC32 (uint32): CRC-32 of a SHAREDKEY the receiver already has.</summary>
    KeyCrc32 = 19,

    /// <summary>HINT: flags[2] + optional prefix string.</summary>
    Hint = 20,

    /// <summary>DEPARTMENT (string).</summary>
    Department = 21,

    /// <summary>ORGANIZATION (string).</summary>
    Organization = 22,

    /// <summary>LOCALITY (string).</summary>
    Locality = 23,

    /// <summary>STATE_PROV (string).</summary>
    StateProvince = 24,

    /// <summary>COUNTRY (string).</summary>
    Country = 25,

    /// <summary>EMAIL (string).</summary>
    Email = 26,

    /// <summary>PHONE (string).</summary>
    Phone = 27,

    /// <summary>IPADDR (string).</summary>
    IpAddress = 28,

    /// <summary>CACHEBYPASS (empty): do not answer from cache.</summary>
    CacheBypass = 29,
}
