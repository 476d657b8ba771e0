using System.Security.Cryptography;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Tests.Dundi;

public class DundiCryptoTests
{
    private static readonly NodeId NodeA = NodeId.Parse("02:00:00:00:00:0a");

    public static TheoryData<int> EncryptedFixtures() => [52, 54, 56, 57, 58, 59, 62, 65, 66];

    [Theory]
    [MemberData(nameof(EncryptedFixtures))]
    public void TryDecrypt_Fixture_GivesRecordedPlaintext(int number)
    {
        var fixture = HexFixture.Number(number);
        var known = FixtureKeys.Fixture52Key();
        Assert.True(DundiCodec.TryDecode(fixture.Wire, out var encrypted, out _));

        var keys = FixtureKeys.ForNodeB(transactionKey: known, known: known);
        Assert.True(DundiCrypto.TryDecrypt(encrypted, keys, out var inner, out var key, out var error), error.ToString());

        Assert.Equal(fixture["aes-key"], key.Key.ToArray());
        Assert.Equal(fixture["decrypted"], DundiCodec.Encode(inner));
    }

    [Theory]
    [MemberData(nameof(EncryptedFixtures))]
    public void DecryptCbc_Fixture_GivesRecordedZlibAndPadding(int number)
    {
        var fixture = HexFixture.Number(number);
        Assert.True(DundiCodec.TryDecode(fixture.Wire, out var encrypted, out _));

        var plaintext = DundiCrypto.DecryptCbc(fixture["aes-key"], encrypted.EncryptedData!.Value.Span);

        Assert.Equal(fixture["aes-cbc-plaintext"], plaintext);
    }

    [Fact]
    public void ComputeKeyCrc32_Fixture52SharedKey_Is4fca1003()
    {
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(52).Wire, out var message, out _));

        Assert.Equal(0x4fca1003u, DundiCrypto.ComputeKeyCrc32(message.SharedKey!.Value.Span));
        Assert.Equal(0x4fca1003u, FixtureKeys.Fixture52Key().KeyCrc32);
        Assert.Equal(0xCBF43926u, DundiCrypto.ComputeKeyCrc32("123456789"u8));
    }

    [Fact]
    public void Encrypt_FullKeyWithInjectedKeyAndIv_DecryptsWithFixtureKeys()
    {
        var fixture = HexFixture.Number(52);
        Assert.True(DundiCodec.TryDecode(fixture["decrypted"], out var inner, out _));
        var key = DundiSessionKey.Create(FixtureKeys.Load("nodeb.pub"), FixtureKeys.Load("nodea.key"), Fill(0x11));

        var encrypted = DundiCrypto.Encrypt(inner, key, new DundiKeyAnnouncement(NodeA, DundiKeyForm.FullKey), new byte[16]);
        var wire = DundiCodec.Encode(encrypted);

        Assert.Equal(fixture.Wire.AsSpan(0, 8).ToArray(), wire.AsSpan(0, 8).ToArray());
        Assert.Equal(
            [DundiIeType.Eid, DundiIeType.SharedKey, DundiIeType.Signature, DundiIeType.EncryptedData],
            encrypted.Elements.Select(e => e.Type).ToArray());
        Assert.True(DundiCodec.TryDecode(wire, out var received, out _));
        Assert.True(DundiCrypto.TryDecrypt(received, FixtureKeys.ForNodeB(), out var decrypted, out var opened, out var error), error.ToString());
        Assert.Equal(fixture["decrypted"], DundiCodec.Encode(decrypted));
        Assert.Equal(key.Key.ToArray(), opened.Key.ToArray());
        Assert.Equal(Enumerable.Repeat((byte)0x11, 16), opened.Key.ToArray());
    }

    [Fact]
    public void Encrypt_ReplyWithFixtureKeyAndIv_DecryptsToSameInner()
    {
        var fixture = HexFixture.Number(54);
        Assert.True(DundiCodec.TryDecode(fixture["decrypted"], out var inner, out _));
        Assert.True(DundiCodec.TryDecode(fixture.Wire, out var original, out _));
        var key = FixtureKeys.Fixture52Key();

        var encrypted = DundiCrypto.Encrypt(inner, key, announce: null, original.EncryptedData!.Value.Span[..16]);

        Assert.Equal(DundiIeType.EncryptedData, Assert.Single(encrypted.Elements).Type);
        Assert.True(DundiCrypto.TryDecrypt(encrypted, key, out var decrypted, out var error), error.ToString());
        Assert.Equal(fixture["decrypted"], DundiCodec.Encode(decrypted));
    }

    [Fact]
    public void Encrypt_KeyCrcAnnouncement_DecryptsThroughCrcLookup()
    {
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(56)["decrypted"], out var inner, out _));
        var key = FixtureKeys.Fixture52Key();

        var encrypted = DundiCrypto.Encrypt(inner, key, new DundiKeyAnnouncement(NodeA, DundiKeyForm.KeyCrc), new byte[16]);

        Assert.Equal(0x4fca1003u, encrypted.KeyCrc32);
        Assert.Equal(NodeA, encrypted.FirstEid);
        Assert.True(DundiCrypto.TryDecrypt(encrypted, FixtureKeys.ForNodeB(known: key), out var decrypted, out _, out _));
        Assert.Equal(inner, decrypted);
    }

    [Fact]
    public void TryDecrypt_UnknownKeyCrc_UnknownKeyCrc()
    {
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(62).Wire, out var encrypted, out _));

        Assert.False(DundiCrypto.TryDecrypt(encrypted, FixtureKeys.ForNodeB(), out var inner, out _, out var error));
        Assert.Null(inner);
        Assert.Equal(DundiCryptoError.UnknownKeyCrc, error);
    }

    [Fact]
    public void TryDecrypt_TamperedSignature_BadSignature()
    {
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(52).Wire, out var encrypted, out _));
        var signature = encrypted.Signature!.Value.ToArray();
        signature[10] ^= 0x01;
        var index = encrypted.Elements.IndexOf(encrypted.Elements.Single(e => e.Type == DundiIeType.Signature));
        var tampered = encrypted with { Elements = encrypted.Elements.SetItem(index, DundiElement.Signature(signature)) };

        Assert.False(DundiCrypto.TryDecrypt(tampered, FixtureKeys.ForNodeB(), out _, out _, out var error));
        Assert.Equal(DundiCryptoError.BadSignature, error);
    }

    [Fact]
    public void TryDecrypt_SignedByAnotherKey_BadSignature()
    {
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(52).Wire, out var encrypted, out _));
        var keys = FixtureKeys.ForNodeB() with { SenderPublicKey = FixtureKeys.Load("nodeb.pub") };

        Assert.False(DundiCrypto.TryDecrypt(encrypted, keys, out _, out _, out var error));
        Assert.Equal(DundiCryptoError.BadSignature, error);
    }

    [Fact]
    public void TryDecrypt_WrongPrivateKey_CannotDecryptKey()
    {
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(52).Wire, out var encrypted, out _));
        var keys = FixtureKeys.ForNodeB() with { OwnPrivateKey = FixtureKeys.Load("nodea.key") };

        Assert.False(DundiCrypto.TryDecrypt(encrypted, keys, out _, out _, out var error));
        Assert.Equal(DundiCryptoError.CannotDecryptKey, error);
    }

    [Fact]
    public void TryDecrypt_ReplyWithoutTransactionKey_MissingKey()
    {
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(54).Wire, out var encrypted, out _));

        Assert.False(DundiCrypto.TryDecrypt(encrypted, FixtureKeys.ForNodeB(), out _, out _, out var error));
        Assert.Equal(DundiCryptoError.MissingKey, error);
    }

    [Fact]
    public void TryDecrypt_WrongSessionKey_CannotDecrypt()
    {
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(54).Wire, out var encrypted, out _));
        var wrong = DundiSessionKey.FromParts(new byte[16], [], []);

        Assert.False(DundiCrypto.TryDecrypt(encrypted, wrong, out _, out var error));
        Assert.Equal(DundiCryptoError.CannotDecrypt, error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(53)]
    public void TryDecrypt_PlaintextPacket_NotEncrypted(int number)
    {
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(number).Wire, out var message, out _));

        Assert.False(DundiCrypto.TryDecrypt(message, FixtureKeys.Fixture52Key(), out _, out var error));
        Assert.Equal(DundiCryptoError.NotEncrypted, error);
    }

    [Fact]
    public void TryDecrypt_EncDataNotWholeBlocks_Malformed()
    {
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(54).Wire, out var encrypted, out _));
        var cut = encrypted with { Elements = [DundiElement.EncryptedData(encrypted.EncryptedData!.Value.Span[..40])] };

        Assert.False(DundiCrypto.TryDecrypt(cut, FixtureKeys.Fixture52Key(), out _, out var error));
        Assert.Equal(DundiCryptoError.MalformedEncryptedData, error);
    }

    [Fact]
    public void Create_KeyNot1024Bits_Refused()
    {
        using var big = RSA.Create(2048);

        var ex = Assert.Throws<ArgumentException>(() => DundiSessionKey.Create(big, FixtureKeys.Load("nodea.key"), Fill(1)));
        Assert.Contains("1024-bit", ex.Message, StringComparison.Ordinal);
        Assert.False(DundiCrypto.IsSupportedKey(big));
    }

    [Fact]
    public void TryOpenSharedKey_KeyNot1024Bits_UnsupportedKeySize()
    {
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(52).Wire, out var encrypted, out _));
        using var big = RSA.Create(2048);

        Assert.False(DundiCrypto.TryOpenSharedKey(encrypted, FixtureKeys.Load("nodea.pub"), big, out _, out var error));
        Assert.Equal(DundiCryptoError.UnsupportedKeySize, error);
    }

    private static Action<Span<byte>> Fill(byte value) => span => span.Fill(value);

    /// <summary>A zlib header (RFC 1950 §2.2) with FDICT set asks for a preset dictionary the sender never agreed on.</summary>
    [Theory]
    [InlineData(new byte[] { 0x78, 0xBB, 0x00, 0x00, 0x00, 0x01 })]
    [InlineData(new byte[] { 0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x00, 0x00 })]
    public void TryDecrypt_InnerStreamPresetDictionaryOrCorrupt_RefusesWithoutThrowing(byte[] zlib)
    {
        var key = FixtureKeys.Fixture52Key();
        var padded = new byte[32];
        zlib.CopyTo(padded, 0);
        var iv = new byte[DundiCrypto.IvLength];
        using var aes = Aes.Create();
        aes.Key = key.Key.ToArray();
        var encData = iv.Concat(aes.EncryptCbc(padded, iv, PaddingMode.None)).ToArray();
        var encrypted = new DundiMessage { Command = DundiCommand.Encrypt, Elements = [DundiElement.EncryptedData(encData)] };

        var opened = DundiCrypto.TryDecrypt(encrypted, key, out var inner, out var error);

        Assert.False(opened);
        Assert.Null(inner);
        Assert.Equal(DundiCryptoError.CannotDecrypt, error);
    }

    [Fact]
    public void TryDecrypt_InnerStreamInflatesToAMegabyte_RefusedAtTheSizeOfADatagram()
    {
        var key = FixtureKeys.Fixture52Key();
        var bomb = DundiCrypto.Compress(new byte[1 << 20]);
        var padded = new byte[(bomb.Length + 15) / 16 * 16];
        bomb.CopyTo(padded, 0);
        var iv = new byte[DundiCrypto.IvLength];
        using var aes = Aes.Create();
        aes.Key = key.Key.ToArray();
        var encData = iv.Concat(aes.EncryptCbc(padded, iv, PaddingMode.None)).ToArray();
        var encrypted = new DundiMessage { Command = DundiCommand.Encrypt, Elements = [DundiElement.EncryptedData(encData)] };

        Assert.True(encData.Length < DundiCodec.MaxDatagramLength);
        Assert.False(DundiCrypto.TryDecrypt(encrypted, key, out _, out var error));
        Assert.Equal(DundiCryptoError.CannotDecrypt, error);
    }
}
