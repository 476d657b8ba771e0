using System.Security.Cryptography;
using NumberDirectory.Core.Dundi;

namespace NumberDirectory.Core.Tests.Dundi;

/// <summary>The lab's throwaway RSA-1024 keys (TestData/dundi/keys) and the session key A chose in fixture 52.</summary>
internal static class FixtureKeys
{
    public static RSA Load(string file)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(Path.Combine(HexFixture.Directory, "keys", file)));
        return rsa;
    }

    /// <summary>What B holds when A's packets arrive: A's public key and B's private key.</summary>
    public static DundiDecryptionKeys ForNodeB(DundiSessionKey? transactionKey = null, DundiSessionKey? known = null) => new()
    {
        SenderPublicKey = Load("nodea.pub"),
        OwnPrivateKey = Load("nodeb.key"),
        FindByCrc = crc => known is not null && known.KeyCrc32 == crc ? known : null,
        TransactionKey = transactionKey,
    };

    /// <summary>The key announced in fixture 52, opened with nodeb.key and verified with nodea.pub.</summary>
    public static DundiSessionKey Fixture52Key()
    {
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(52).Wire, out var message, out _));
        Assert.True(DundiCrypto.TryOpenSharedKey(message, Load("nodea.pub"), Load("nodeb.key"), out var key, out var error), error.ToString());
        return key;
    }
}
