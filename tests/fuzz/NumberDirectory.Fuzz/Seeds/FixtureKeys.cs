using System.Security.Cryptography;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Tests.Dundi;

namespace NumberDirectory.Fuzz.Seeds;

/// <summary>The captures' throwaway RSA keys (TestData/dundi/keys) and the session key A announced in capture 52.</summary>
internal static class FixtureKeys
{
    public static string Directory => Path.Combine(HexFixture.Directory, "keys");

    public static RSA Load(string file)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(Path.Combine(Directory, file)));
        return rsa;
    }

    /// <summary>The key of capture 52, opened as B opens it: nodeb.key decrypts SHAREDKEY, nodea.pub verifies SIGNATURE.</summary>
    public static DundiSessionKey Capture52Key()
    {
        if (!DundiCodec.TryDecode(HexFixture.Number(52).Wire, out var message, out _)
            || !DundiCrypto.TryOpenSharedKey(message, Load("nodea.pub"), Load("nodeb.key"), out var key, out var error))
        {
            throw new InvalidOperationException("capture 52 no longer opens with the fixture keys");
        }

        return key;
    }
}
