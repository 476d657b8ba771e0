namespace NumberDirectory.Core.Lookup;

/// <summary>Negative knowledge flags; the values are DUNDi's HINT flags.</summary>
/// <remarks>docs/protocols/dundi.md §HINT.</remarks>
[Flags]
public enum LookupHintKind : ushort
{
    /// <summary>No hint.</summary>
    None = 0,

    /// <summary>The hop budget ran out before the request could be forwarded.</summary>
    TtlExpired = 0x1,

    /// <summary>Do not ask this node again about numbers starting with the hint's prefix.</summary>
    DontAsk = 0x2,

    /// <summary>The answer does not depend on the path the request took; cache it for everyone.</summary>
    Unaffected = 0x4,
}
