namespace NumberDirectory.Core.Routes;

/// <summary>The technology of a DUNDi ANSWER, with its wire values.</summary>
/// <remarks>docs/protocols/dundi.md §ANSWER (protocols NONE 0, IAX 1, SIP 2, H323 3, PJSIP 4).</remarks>
public enum DundiProtocol : byte
{
    /// <summary>No protocol.</summary>
    None = 0,

    /// <summary>IAX2; dest is <c>[user[:secret]@]host[:port]/number</c>.</summary>
    Iax = 1,

    /// <summary>SIP; dest is <c>user@host[:port]</c>.</summary>
    Sip = 2,

    /// <summary>H.323; dest is what follows <c>h323:</c>.</summary>
    H323 = 3,

    /// <summary>PJSIP, sent by newer Asterisk; dest is read like SIP's.</summary>
    Pjsip = 4,
}
