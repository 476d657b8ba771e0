namespace NumberDirectory.Core.Dundi;

/// <summary>The code byte of a DUNDi CAUSE IE.</summary>
/// <remarks>docs/protocols/dundi.md §CAUSE.</remarks>
public enum DundiCauseCode : byte
{
    /// <summary>SUCCESS.</summary>
    Success = 0,

    /// <summary>GENERAL: e.g. "Invalid or missing number/entity".</summary>
    General = 1,

    /// <summary>DYNAMIC.</summary>
    Dynamic = 2,

    /// <summary>NOAUTH: unknown peer, unsupported or denied context, plaintext refused.</summary>
    NoAuth = 3,

    /// <summary>DUPLICATE: the same request is already in flight.</summary>
    Duplicate = 4,

    /// <summary>TTL_EXPIRED.</summary>
    TtlExpired = 5,

    /// <summary>NEEDKEY.</summary>
    NeedKey = 6,

    /// <summary>BADENCRYPT.</summary>
    BadEncrypt = 7,
}
