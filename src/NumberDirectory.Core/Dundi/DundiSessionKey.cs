using System.Security.Cryptography;

namespace NumberDirectory.Core.Dundi;

/// <summary>
/// An AES-128 session key with its announcement: SHAREDKEY (the key RSA-OAEP encrypted to the peer),
/// SIGNATURE (ours over SHAREDKEY) and KEYCRC32, all computed once.
/// </summary>
/// <remarks>docs/protocols/dundi.md §Session keys. The key serves both directions of a transaction.</remarks>
public sealed record DundiSessionKey
{
    /// <summary>Bytes in the AES-128 key.</summary>
    public const int KeyLength = 16;

    /// <summary>Bytes in SHAREDKEY and SIGNATURE (one 1024-bit RSA block).</summary>
    public const int BlockLength = 128;

    private DundiSessionKey(byte[] key, byte[] sharedKey, byte[] signature)
    {
        Key = key;
        SharedKey = sharedKey;
        Signature = signature;
        KeyCrc32 = Crc32.Compute(sharedKey);
    }

    /// <summary>The AES-128 key.</summary>
    public ReadOnlyMemory<byte> Key { get; }

    /// <summary>The key RSA-OAEP(SHA-1) encrypted to the peer's public key.</summary>
    public ReadOnlyMemory<byte> SharedKey { get; }

    /// <summary>RSASSA-PKCS1-v1_5(SHA-1) over <see cref="SharedKey"/> by the key's creator.</summary>
    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>CRC-32 (zlib) of <see cref="SharedKey"/>: how later packets name this key.</summary>
    public uint KeyCrc32 { get; }

    /// <summary>Creates a fresh key for a peer.</summary>
    /// <param name="peerPublic">The peer's 1024-bit public key (its <c>inkey</c>).</param>
    /// <param name="ownPrivate">Our 1024-bit private key (<c>outkey</c>).</param>
    /// <param name="random">Fills the 16 key bytes; the node passes a CSPRNG. (OAEP's own padding randomness comes from the platform.)</param>
    /// <exception cref="ArgumentException">A key is not 1024-bit RSA.</exception>
    public static DundiSessionKey Create(RSA peerPublic, RSA ownPrivate, Action<Span<byte>> random)
    {
        ArgumentNullException.ThrowIfNull(peerPublic);
        ArgumentNullException.ThrowIfNull(ownPrivate);
        ArgumentNullException.ThrowIfNull(random);
        DundiCrypto.EnsureSupportedKey(peerPublic, nameof(peerPublic));
        DundiCrypto.EnsureSupportedKey(ownPrivate, nameof(ownPrivate));

        var key = new byte[KeyLength];
        random(key);
        var sharedKey = peerPublic.Encrypt(key, RSAEncryptionPadding.OaepSHA1);
        var signature = ownPrivate.SignData(sharedKey, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
        return new DundiSessionKey(key, sharedKey, signature);
    }

    /// <summary>Rebuilds a key from its parts (received in an ENCRYPT, or kept by the caller).</summary>
    /// <exception cref="ArgumentException">The key is not 16 bytes.</exception>
    public static DundiSessionKey FromParts(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sharedKey, ReadOnlySpan<byte> signature)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"a DUNDi session key is {KeyLength} bytes, got {key.Length}", nameof(key));
        }

        return new DundiSessionKey(key.ToArray(), sharedKey.ToArray(), signature.ToArray());
    }

    /// <inheritdoc />
    public override string ToString() => $"DundiSessionKey {{ KeyCrc32 = 0x{KeyCrc32:x8} }}";
}
