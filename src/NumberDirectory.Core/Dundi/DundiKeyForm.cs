namespace NumberDirectory.Core.Dundi;

/// <summary>How the initiator's first ENCRYPT packet names its session key.</summary>
/// <remarks>docs/protocols/dundi.md §Session keys.</remarks>
public enum DundiKeyForm
{
    /// <summary>EID + SHAREDKEY + SIGNATURE: first use of this key with this peer (or after ENCREJ).</summary>
    FullKey,

    /// <summary>EID + KEYCRC32: the peer already has the key.</summary>
    KeyCrc,
}
