using System.Buffers.Binary;
using System.Security.Cryptography;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Fuzz.Engine;
using NumberDirectory.Fuzz.Seeds;

namespace NumberDirectory.Fuzz.Targets;

/// <summary>
/// <see cref="DundiCrypto.TryDecrypt(DundiMessage, DundiDecryptionKeys, out DundiMessage?, out DundiSessionKey?, out DundiCryptoError)"/>
/// as node B of the captures holds its keys (nodeb.key, nodea.pub, capture 52's session key by CRC and
/// as the transaction's key), on mutated ENCRYPT datagrams, on mutated plaintext compressed and
/// encrypted with the session key, or on mutated zlib streams encrypted with it. Never throws; what
/// opens is never larger than a datagram and keeps the ENCRYPT header's first six bytes; a plaintext
/// that decodes and fits comes back out equal.
/// </summary>
public sealed class DundiCryptoTarget : IFuzzTarget
{
    private const int ClearHeaderLength = 6;

    private static readonly byte[] Iv = [.. Enumerable.Range(0, DundiCrypto.IvLength).Select(i => (byte)(i * 17))];

    // The clear header of capture 54, B's encrypted answer: the streams are put back under it.
    private static readonly byte[] ZlibHeader = GoldenCaptures.Number(54).Wire[..ClearHeaderLength];

    private readonly DundiCryptoInput _input;
    private readonly DundiSessionKey _key = FixtureKeys.Capture52Key();
    private readonly DundiDecryptionKeys _keys;
    private readonly Aes _aes = Aes.Create();

    public DundiCryptoTarget(DundiCryptoInput input)
    {
        _input = input;
        _keys = new DundiDecryptionKeys
        {
            SenderPublicKey = FixtureKeys.Load("nodea.pub"),
            OwnPrivateKey = FixtureKeys.Load("nodeb.key"),
            FindByCrc = crc => crc == _key.KeyCrc32 ? _key : null,
            TransactionKey = _key,
        };
        _aes.Key = _key.Key.ToArray();
        Seeds = input switch
        {
            DundiCryptoInput.Packet => GoldenCaptures.Encrypted,
            DundiCryptoInput.Plaintext => [.. GoldenCaptures.Decrypted, new byte[DundiCodec.MaxDatagramLength]],

            // A zip bomb among the captures' streams: 64 KiB of zeros deflate to a few dozen bytes.
            _ => [.. GoldenCaptures.ZlibStreams, DundiCrypto.Compress(new byte[64 * 1024])],
        };
    }

    public string Name => _input switch
    {
        DundiCryptoInput.Packet => "dundi-encrypt-packet",
        DundiCryptoInput.Plaintext => "dundi-encrypt-plaintext",
        _ => "dundi-encrypt-zlib",
    };

    public IReadOnlyList<byte[]> Seeds { get; }

    public IReadOnlyList<byte[]> Tokens => _input switch
    {
        DundiCryptoInput.Packet or DundiCryptoInput.Plaintext => GoldenCaptures.Tokens,

        // zlib headers (FDICT and bad windows included) and deflate block starts: stored, fixed, dynamic, final.
        _ => [[0x78, 0x9c], [0x78, 0xda], [0x78, 0x01], [0x78, 0xbb], [0x88, 0x98], [0x01, 0x00, 0x00, 0xff, 0xff], [0x01, 0xff, 0x1f, 0x00, 0xe0], [0x03, 0x00], [0x05, 0xc0], [0x00, 0x00, 0x00, 0x00]],
    };

    // Just past a datagram is enough to see that a larger plaintext is refused; longer ones only cost compression time.
    public int MaxInputLength => _input == DundiCryptoInput.Zlib ? 3 * DundiCodec.MaxDatagramLength : DundiCodec.MaxDatagramLength + 16;

    public IReadOnlyList<int> LengthFields(byte[] input) => _input == DundiCryptoInput.Zlib ? [] : GoldenCaptures.IeLengthFields(input);

    public string Run(ReadOnlySpan<byte> input) => _input switch
    {
        DundiCryptoInput.Packet => OpenPacket(input),
        DundiCryptoInput.Plaintext => OpenPlaintext(input),
        _ => Open(Wrap(ZlibHeader, input.ToArray())),
    };

    public void Dispose()
    {
        _aes.Dispose();
        _keys.SenderPublicKey?.Dispose();
        _keys.OwnPrivateKey?.Dispose();
    }

    private string OpenPacket(ReadOnlySpan<byte> input)
    {
        if (!DundiCodec.TryDecode(input, out var encrypted, out var error))
        {
            return "undecodable " + error;
        }

        return Open(encrypted);
    }

    private string OpenPlaintext(ReadOnlySpan<byte> input)
    {
        var header = new byte[ClearHeaderLength];
        input[..Math.Min(ClearHeaderLength, input.Length)].CopyTo(header);
        var body = input.Length > ClearHeaderLength ? input[ClearHeaderLength..] : [];
        var outcome = Open(Wrap(header, DundiCrypto.Compress(body)), out var inner);
        if (input.Length >= DundiCodec.HeaderLength && DundiCodec.TryDecode(input, out var plain, out _))
        {
            FuzzInvariantException.Check(inner is not null && inner.Equals(plain), "a plaintext that decodes did not come back out of ENCRYPT equal");
        }

        return outcome;
    }

    private DundiMessage Wrap(ReadOnlySpan<byte> header, byte[] zlib)
    {
        var padded = new byte[Math.Max(16, (zlib.Length + 15) / 16 * 16)];
        zlib.CopyTo(padded, 0);
        var encData = new byte[DundiCrypto.IvLength + padded.Length];
        Iv.CopyTo(encData, 0);
        _aes.EncryptCbc(padded, Iv, encData.AsSpan(DundiCrypto.IvLength), PaddingMode.None);
        var clear = new byte[ClearHeaderLength];
        header[..Math.Min(ClearHeaderLength, header.Length)].CopyTo(clear);
        return new DundiMessage
        {
            SourceTransaction = BinaryPrimitives.ReadUInt16BigEndian(clear),
            DestinationTransaction = BinaryPrimitives.ReadUInt16BigEndian(clear.AsSpan(2)),
            InboundSequence = clear[4],
            OutboundSequence = clear[5],
            Command = DundiCommand.Encrypt,
            Elements = [new DundiElement(DundiIeType.EncryptedData, encData)],
        };
    }

    private string Open(DundiMessage encrypted) => Open(encrypted, out _);

    private string Open(DundiMessage encrypted, out DundiMessage? opened)
    {
        opened = null;
        if (!DundiCrypto.TryDecrypt(encrypted, _keys, out var inner, out _, out var error))
        {
            FuzzInvariantException.Check(error != DundiCryptoError.None, "TryDecrypt refused without saying why");
            return "refused " + error;
        }

        var length = DundiCodec.GetEncodedLength(inner);
        FuzzInvariantException.Check(length <= DundiCodec.MaxDatagramLength, "an ENCRYPT opened to more than a datagram");
        FuzzInvariantException.Check(
            (inner.SourceTransaction, inner.DestinationTransaction, inner.InboundSequence, inner.OutboundSequence)
                == (encrypted.SourceTransaction, encrypted.DestinationTransaction, encrypted.InboundSequence, encrypted.OutboundSequence),
            "the opened packet does not keep the ENCRYPT header's transaction ids and sequence numbers");
        opened = inner;
        return "opened " + (inner.IsKnownCommand ? inner.Command.ToString() : "unknown command");
    }
}
