using System.Security.Cryptography;

namespace NumberDirectory.Core.Dundi;

/// <summary>What a receiver knows when an ENCRYPT packet arrives; each member is needed only for one case.</summary>
/// <remarks>docs/protocols/dundi.md §Session keys and §ENCRYPT packets.</remarks>
public sealed record DundiDecryptionKeys
{
    /// <summary>The sender's public key (its <c>inkey</c>), to verify SIGNATURE when SHAREDKEY is sent.</summary>
    public RSA? SenderPublicKey { get; init; }

    /// <summary>Our private key (<c>outkey</c>), to open SHAREDKEY.</summary>
    public RSA? OwnPrivateKey { get; init; }

    /// <summary>Finds a key received earlier by its KEYCRC32; null when unknown.</summary>
    public Func<uint, DundiSessionKey?>? FindByCrc { get; init; }

    /// <summary>The key of the live transaction, for packets that carry no key IE (replies, later packets).</summary>
    public DundiSessionKey? TransactionKey { get; init; }
}
