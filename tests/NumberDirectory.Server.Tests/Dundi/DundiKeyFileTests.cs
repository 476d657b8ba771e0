using System.Security.Cryptography;
using NumberDirectory.Server.Dundi;

namespace NumberDirectory.Server.Tests.Dundi;

public class DundiKeyFileTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void GenerateKeyPair_ThenLoad_KeysMatchAndSign()
    {
        using var dir = new TempDirectory();

        var files = DundiKeyFile.GenerateKeyPair(dir.Path, "nodea");
        using var privateKey = DundiKeyFile.LoadPrivateKey(files.PrivateKeyPath);
        using var publicKey = DundiKeyFile.LoadPublicKey(files.PublicKeyPath);

        Assert.Equal(Path.Combine(dir.Path, "nodea.key"), files.PrivateKeyPath);
        Assert.Equal(Path.Combine(dir.Path, "nodea.pub"), files.PublicKeyPath);
        Assert.Equal(1024, privateKey.KeySize);
        byte[] data = [1, 2, 3];
        var signature = privateKey.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
        Assert.True(publicKey.VerifyData(data, signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1));
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", File.ReadAllText(files.PrivateKeyPath), StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", File.ReadAllText(files.PublicKeyPath), StringComparison.Ordinal);
    }

    [Fact]
    public void GenerateKeyPair_PrivateKey_IsOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDirectory();

        var files = DundiKeyFile.GenerateKeyPair(dir.Path, "nodeb");

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(files.PrivateKeyPath));
    }

    [Fact]
    public void GenerateKeyPair_FileExists_RefusesToOverwrite()
    {
        using var dir = new TempDirectory();
        DundiKeyFile.GenerateKeyPair(dir.Path, "nodea");

        var ex = Assert.Throws<DundiKeyException>(() => DundiKeyFile.GenerateKeyPair(dir.Path, "nodea"));

        Assert.Contains("already exists", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("..")]
    public void GenerateKeyPair_NameWithDirectories_Refused(string name)
    {
        using var dir = new TempDirectory();

        Assert.Throws<DundiKeyException>(() => DundiKeyFile.GenerateKeyPair(dir.Path, name));
    }

    [Fact]
    public void LoadPrivateKey_ReadableByOthers_RefusedWithChmodAdvice()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDirectory();
        var files = DundiKeyFile.GenerateKeyPair(dir.Path, "nodea");
        File.SetUnixFileMode(files.PrivateKeyPath, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var ex = Assert.Throws<DundiKeyException>(() => DundiKeyFile.LoadPrivateKey(files.PrivateKeyPath));

        Assert.Contains($"chmod 600 {files.PrivateKeyPath}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadPrivateKey_Pkcs8_Loads()
    {
        using var dir = new TempDirectory();
        using var rsa = RSA.Create(1024);
        var path = WriteOwnerOnly(dir, "pkcs8.key", rsa.ExportPkcs8PrivateKeyPem());

        using var loaded = DundiKeyFile.LoadPrivateKey(path);

        Assert.Equal(rsa.ExportRSAPublicKey(), loaded.ExportRSAPublicKey());
    }

    [Fact]
    public void LoadPublicKey_Pkcs1_Loads()
    {
        using var dir = new TempDirectory();
        using var rsa = RSA.Create(1024);
        var path = WriteOwnerOnly(dir, "pkcs1.pub", rsa.ExportRSAPublicKeyPem());

        using var loaded = DundiKeyFile.LoadPublicKey(path);

        Assert.Equal(rsa.ExportRSAPublicKey(), loaded.ExportRSAPublicKey());
    }

    [Fact]
    public void LoadPublicKey_MissingFile_SaysSo()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "nobody.pub");

        var ex = Assert.Throws<DundiKeyException>(() => DundiKeyFile.LoadPublicKey(path));

        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadPrivateKey_NotPem_SaysNotAKey()
    {
        using var dir = new TempDirectory();
        var path = WriteOwnerOnly(dir, "garbage.key", "this is not a key\n");

        var ex = Assert.Throws<DundiKeyException>(() => DundiKeyFile.LoadPrivateKey(path));

        Assert.Contains("not a PEM key file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadPrivateKey_PublicKeyFile_SaysNotAPrivateKey()
    {
        using var dir = new TempDirectory();
        var files = DundiKeyFile.GenerateKeyPair(dir.Path, "nodea");
        var path = WriteOwnerOnly(dir, "mixup.key", File.ReadAllText(files.PublicKeyPath));

        var ex = Assert.Throws<DundiKeyException>(() => DundiKeyFile.LoadPrivateKey(path));

        Assert.Contains("not a private key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadPrivateKey_CorruptBase64_SaysNotReadable()
    {
        using var dir = new TempDirectory();
        var path = WriteOwnerOnly(dir, "corrupt.key", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");

        var ex = Assert.Throws<DundiKeyException>(() => DundiKeyFile.LoadPrivateKey(path));

        Assert.Contains("not a readable RSA private key", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2048)]
    [InlineData(512)]
    public void LoadKeys_Not1024Bits_Refused(int bits)
    {
        using var dir = new TempDirectory();
        using var rsa = RSA.Create(bits);
        var privatePath = WriteOwnerOnly(dir, "big.key", rsa.ExportRSAPrivateKeyPem());
        var publicPath = WriteOwnerOnly(dir, "big.pub", rsa.ExportSubjectPublicKeyInfoPem());

        var privateError = Assert.Throws<DundiKeyException>(() => DundiKeyFile.LoadPrivateKey(privatePath));
        var publicError = Assert.Throws<DundiKeyException>(() => DundiKeyFile.LoadPublicKey(publicPath));

        Assert.Contains($"{bits}-bit", privateError.Message, StringComparison.Ordinal);
        Assert.Contains("1024", publicError.Message, StringComparison.Ordinal);
    }

    private static string WriteOwnerOnly(TempDirectory dir, string name, string text)
    {
        var path = Path.Combine(dir.Path, name);
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }

        return path;
    }
}
