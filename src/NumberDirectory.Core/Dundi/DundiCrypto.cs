using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;
using System.Security.Cryptography;

namespace NumberDirectory.Core.Dundi;

/// <summary>
/// Wraps a packet in ENCRYPT and opens one: RSA-1024 key transport, AES-128-CBC, zlib. Pure functions;
/// the caller keeps the keys and injects the IV.
/// </summary>
/// <remarks>
/// docs/protocols/dundi.md §ENCRYPT packets. ENCDATA = IV(16) || AES-128-CBC(zlib(cmdresp, cmdflags, IEs) zero-padded
/// to 16). The inner header bytes 0-5 travel in clear as the ENCRYPT header; the real command and its
/// FINAL bit only inside.
/// </remarks>
public static class DundiCrypto
{
    /// <summary>The only RSA size Asterisk accepts.</summary>
    public const int RequiredKeySize = 1024;

    /// <summary>Bytes in the AES-CBC IV.</summary>
    public const int IvLength = 16;

    private const int BlockLength = 16;
    private const int ClearHeaderLength = 6;

    /// <summary>True when the key is the 1024-bit RSA Asterisk requires.</summary>
    public static bool IsSupportedKey(RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.KeySize == RequiredKeySize;
    }

    /// <summary>Throws unless the key is 1024-bit RSA.</summary>
    /// <exception cref="ArgumentException">The key has another size.</exception>
    public static void EnsureSupportedKey(RSA key, string parameterName)
    {
        if (!IsSupportedKey(key))
        {
            throw new ArgumentException(
                $"DUNDi keys must be {RequiredKeySize}-bit RSA (Asterisk refuses any other size); this key is {key.KeySize} bits",
                parameterName);
        }
    }

    /// <summary>CRC-32 (zlib) of a SHAREDKEY, as sent in KEYCRC32.</summary>
    public static uint ComputeKeyCrc32(ReadOnlySpan<byte> sharedKey) => Crc32.Compute(sharedKey);

    /// <summary>Wraps <paramref name="inner"/> in an ENCRYPT packet.</summary>
    /// <param name="inner">The plaintext packet; its header bytes 0-5 become the ENCRYPT header.</param>
    /// <param name="key">The transaction's session key (the initiator's, in both directions).</param>
    /// <param name="announce">The key IEs for the initiator's first packet; null for every other packet.</param>
    /// <param name="iv">16 fresh random bytes.</param>
    /// <exception cref="ArgumentException">The IV is not 16 bytes or the result exceeds a datagram.</exception>
    public static DundiMessage Encrypt(DundiMessage inner, DundiSessionKey key, DundiKeyAnnouncement? announce, ReadOnlySpan<byte> iv)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(key);
        if (iv.Length != IvLength)
        {
            throw new ArgumentException($"the IV is {IvLength} bytes, got {iv.Length}", nameof(iv));
        }

        var plain = DundiCodec.Encode(inner);
        var compressed = Compress(plain.AsSpan(ClearHeaderLength));
        var padded = new byte[(compressed.Length + BlockLength - 1) / BlockLength * BlockLength];
        compressed.CopyTo(padded, 0);

        using var aes = Aes.Create();
        aes.Key = key.Key.ToArray();
        var encData = new byte[IvLength + padded.Length];
        iv.CopyTo(encData);
        aes.EncryptCbc(padded, iv, encData.AsSpan(IvLength), PaddingMode.None);

        var elements = announce switch
        {
            null => [],
            { Form: DundiKeyForm.FullKey } => [DundiElement.Eid(announce.Sender), DundiElement.SharedKey(key.SharedKey.Span), DundiElement.Signature(key.Signature.Span)],
            _ => new[] { DundiElement.Eid(announce.Sender), DundiElement.KeyCrc32(key.KeyCrc32) },
        };
        var message = new DundiMessage
        {
            SourceTransaction = inner.SourceTransaction,
            DestinationTransaction = inner.DestinationTransaction,
            InboundSequence = inner.InboundSequence,
            OutboundSequence = inner.OutboundSequence,
            Command = DundiCommand.Encrypt,
            Elements = [.. elements, DundiElement.EncryptedData(encData)],
        };
        if (DundiCodec.GetEncodedLength(message) > DundiCodec.MaxDatagramLength)
        {
            throw new ArgumentException("the encrypted packet exceeds a DUNDi datagram", nameof(inner));
        }

        return message;
    }

    /// <summary>Opens an ENCRYPT packet, finding its key as the packet says: SHAREDKEY, KEYCRC32 or the transaction's key.</summary>
    /// <param name="encrypted">The received ENCRYPT message.</param>
    /// <param name="keys">What the receiver holds.</param>
    /// <param name="inner">The decrypted packet (header bytes 0-5 from the ENCRYPT header).</param>
    /// <param name="key">The session key used; remember it (by <see cref="DundiSessionKey.KeyCrc32"/>) for the peer.</param>
    /// <param name="error">Why it failed; the listener answers ENCREJ.</param>
    public static bool TryDecrypt(
        DundiMessage encrypted,
        DundiDecryptionKeys keys,
        [NotNullWhen(true)] out DundiMessage? inner,
        [NotNullWhen(true)] out DundiSessionKey? key,
        out DundiCryptoError error)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        ArgumentNullException.ThrowIfNull(keys);
        inner = null;
        key = null;
        if (encrypted.SharedKey is not null)
        {
            if (keys.SenderPublicKey is null || keys.OwnPrivateKey is null)
            {
                error = DundiCryptoError.MissingKey;
                return false;
            }

            if (!TryOpenSharedKey(encrypted, keys.SenderPublicKey, keys.OwnPrivateKey, out key, out error))
            {
                return false;
            }
        }
        else if (encrypted.KeyCrc32 is { } crc)
        {
            key = keys.FindByCrc?.Invoke(crc);
            if (key is null)
            {
                error = DundiCryptoError.UnknownKeyCrc;
                return false;
            }
        }
        else
        {
            key = keys.TransactionKey;
            if (key is null)
            {
                error = DundiCryptoError.MissingKey;
                return false;
            }
        }

        return TryDecrypt(encrypted, key, out inner, out error);
    }

    /// <summary>Verifies SIGNATURE over SHAREDKEY with the sender's public key, then RSA-decrypts the session key.</summary>
    public static bool TryOpenSharedKey(
        DundiMessage encrypted,
        RSA senderPublic,
        RSA ownPrivate,
        [NotNullWhen(true)] out DundiSessionKey? key,
        out DundiCryptoError error)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        ArgumentNullException.ThrowIfNull(senderPublic);
        ArgumentNullException.ThrowIfNull(ownPrivate);
        key = null;
        if (!IsSupportedKey(senderPublic) || !IsSupportedKey(ownPrivate))
        {
            error = DundiCryptoError.UnsupportedKeySize;
            return false;
        }

        if (encrypted.SharedKey is not { } sharedKey)
        {
            error = DundiCryptoError.MissingKey;
            return false;
        }

        if (encrypted.Signature is not { } signature
            || !senderPublic.VerifyData(sharedKey.Span, signature.Span, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1))
        {
            error = DundiCryptoError.BadSignature;
            return false;
        }

        byte[] plainKey;
        try
        {
            plainKey = ownPrivate.Decrypt(sharedKey.ToArray(), RSAEncryptionPadding.OaepSHA1);
        }
        catch (CryptographicException)
        {
            error = DundiCryptoError.CannotDecryptKey;
            return false;
        }

        if (plainKey.Length != DundiSessionKey.KeyLength)
        {
            error = DundiCryptoError.CannotDecryptKey;
            return false;
        }

        key = DundiSessionKey.FromParts(plainKey, sharedKey.Span, signature.Span);
        error = DundiCryptoError.None;
        return true;
    }

    /// <summary>Decrypts ENCDATA with a known session key and decodes the inner packet.</summary>
    public static bool TryDecrypt(DundiMessage encrypted, DundiSessionKey key, [NotNullWhen(true)] out DundiMessage? inner, out DundiCryptoError error)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        ArgumentNullException.ThrowIfNull(key);
        inner = null;
        if (encrypted.Command != DundiCommand.Encrypt || encrypted.EncryptedData is not { } encData)
        {
            error = DundiCryptoError.NotEncrypted;
            return false;
        }

        if (encData.Length < IvLength + BlockLength || (encData.Length - IvLength) % BlockLength != 0)
        {
            error = DundiCryptoError.MalformedEncryptedData;
            return false;
        }

        var packet = new byte[DundiCodec.MaxDatagramLength + 1];
        DundiCodec.Encode(encrypted with { Elements = [] }, packet);
        var inflated = Inflate(DecryptCbc(key.Key.Span, encData.Span), packet.AsSpan(ClearHeaderLength));
        if (inflated < 2 || !DundiCodec.TryDecode(packet.AsSpan(0, ClearHeaderLength + inflated), out inner, out _))
        {
            error = DundiCryptoError.CannotDecrypt;
            return false;
        }

        error = DundiCryptoError.None;
        return true;
    }

    /// <summary>AES-128-CBC decryption of ENCDATA (IV first) without padding removal: a zlib stream and zero padding.</summary>
    internal static byte[] DecryptCbc(ReadOnlySpan<byte> key, ReadOnlySpan<byte> encData)
    {
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        return aes.DecryptCbc(encData[IvLength..], encData[..IvLength], PaddingMode.None);
    }

    /// <summary>zlib (RFC 1950) compression of the inner packet from cmdresp on.</summary>
    internal static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Inflates into <paramref name="destination"/>; the trailing zero padding after the stream is ignored.</summary>
    /// <returns>
    /// Bytes inflated, or -1 when the stream is corrupt or does not fit: inflating stops at the size of
    /// a datagram, so a small packet that inflates to megabytes (a zip bomb) costs no more than that.
    /// </returns>
    private static int Inflate(byte[] compressed, Span<byte> destination)
    {
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(compressed, writable: false), CompressionMode.Decompress);
            var total = 0;
            int read;
            while ((read = zlib.Read(destination[total..])) > 0)
            {
                total += read;
                if (total == destination.Length)
                {
                    return -1;
                }
            }

            return total;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // Corrupt data is InvalidDataException; what zlib itself refuses — a stream asking for a
            // preset dictionary (RFC 1950 §2.2 FDICT), a bad window — surfaces as ZLibException, an
            // IOException. Either way the packet cannot be opened.
            return -1;
        }
    }
}
