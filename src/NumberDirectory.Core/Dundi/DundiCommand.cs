namespace NumberDirectory.Core.Dundi;

/// <summary>
/// A DUNDi command: the <c>cmdresp</c> byte without the FINAL bit (0x80), so responses keep
/// their 0x40 bit (ACK is 0x40, DPRESPONSE 0x42). FINAL is carried separately in
/// <see cref="DundiMessage.IsFinal"/>.
/// </summary>
/// <remarks>
/// docs/protocols/dundi.md §Commands. A byte matching no member still decodes (cast to this enum with its
/// raw value) so the transaction layer can answer UNKNOWN with the command byte it did not know.
/// </remarks>
public enum DundiCommand : byte
{
    /// <summary>DPDISCOVER: number lookup; opens a transaction.</summary>
    DpDiscover = 0x01,

    /// <summary>EIDQUERY: ask for an entity's contact information.</summary>
    EidQuery = 0x03,

    /// <summary>PRECACHERQ: push answers to a peer.</summary>
    PrecacheRequest = 0x05,

    /// <summary>NULL: qualify keep-alive, sent FINAL.</summary>
    Null = 0x09,

    /// <summary>REGREQ: registration of a dynamic peer.</summary>
    RegisterRequest = 0x0A,

    /// <summary>CANCEL: always FINAL; the receiver ACKs and drops the transaction.</summary>
    Cancel = 0x0C,

    /// <summary>ENCRYPT: wrapper for encrypted content; the real FINAL bit lives inside.</summary>
    Encrypt = 0x0D,

    /// <summary>ACK: never retransmitted, never encrypted, never acknowledged.</summary>
    Ack = 0x40,

    /// <summary>DPRESPONSE: answers, HINT and EXPIRATION, or one CAUSE.</summary>
    DpResponse = 0x42,

    /// <summary>EIDRESPONSE: contact information and a HINT.</summary>
    EidResponse = 0x44,

    /// <summary>PRECACHERP: reply to a PRECACHERQ.</summary>
    PrecacheResponse = 0x46,

    /// <summary>INVALID: reply to a packet matching no transaction; never answered.</summary>
    Invalid = 0x47,

    /// <summary>UNKNOWN: reply to an unknown command inside a live transaction.</summary>
    Unknown = 0x48,

    /// <summary>REGRESPONSE: reply to a REGREQ.</summary>
    RegisterResponse = 0x4B,

    /// <summary>ENCREJ: the receiver cannot decrypt or does not know the key.</summary>
    EncryptReject = 0x4E,
}
