namespace NumberDirectory.Core.Dundi;

/// <summary>Why an ENCRYPT packet could not be opened. Every value but <see cref="None"/> calls for ENCREJ.</summary>
/// <remarks>docs/protocols/dundi.md §Refusals (an ENCRYPT that cannot be opened is answered ENCREJ).</remarks>
public enum DundiCryptoError
{
    /// <summary>Decrypted.</summary>
    None = 0,

    /// <summary>The message is not an ENCRYPT or has no ENCDATA.</summary>
    NotEncrypted,

    /// <summary>ENCDATA is not an IV followed by whole AES blocks.</summary>
    MalformedEncryptedData,

    /// <summary>KEYCRC32 names no key we hold.</summary>
    UnknownKeyCrc,

    /// <summary>No key IE and no key for this transaction, or the sender's public key or our private key is not configured.</summary>
    MissingKey,

    /// <summary>SIGNATURE is absent or does not verify with the sender's public key.</summary>
    BadSignature,

    /// <summary>SHAREDKEY does not RSA-decrypt with our private key to a 16-byte key.</summary>
    CannotDecryptKey,

    /// <summary>The ciphertext does not decrypt and inflate to a packet (wrong key, corrupt data, oversized).</summary>
    CannotDecrypt,

    /// <summary>An RSA key is not the 1024 bits Asterisk requires.</summary>
    UnsupportedKeySize,
}
