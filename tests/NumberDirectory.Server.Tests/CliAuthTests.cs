using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NumberDirectory.Cli;

namespace NumberDirectory.Server.Tests;

/// <summary>
/// <c>numdir</c> and the admin API's callers: tokens from <c>--token</c> or <c>NUMDIR_TOKEN</c>, 77 without
/// one or from outside Admin:AllowedClients, and TLS with a private CA given by <c>--ca</c>.
/// </summary>
public sealed class CliAuthTests : IDisposable
{
    private const string Token = "0123456789abcdef0123456789abcdef-ops";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private Dictionary<string, string?> Tokens()
    {
        var file = Path.Combine(_temp.Path, $"token-{Guid.NewGuid():N}");
        File.WriteAllText(file, Token + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new() { ["Admin:Tokens:0:Name"] = "ops", ["Admin:Tokens:0:File"] = file };
    }

    [Fact]
    public async Task WithTokens_NoneOrAWrongOne_ExitsUnauthenticated_TheTokenFromOptionOrEnvironmentGetsThrough()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), Tokens());

        var none = await Numdir.AdminAsync(node, "status");
        var wrong = await Numdir.AdminAsync(node, "ranges", "ls", "--token", Token + "x");
        var given = await Numdir.AdminAsync(node, "status", "--token", Token);
        NumdirRun fromEnvironment;
        Environment.SetEnvironmentVariable(CommonArguments.TokenVariable, Token);
        try
        {
            fromEnvironment = await Numdir.AdminAsync(node, "status");
        }
        finally
        {
            Environment.SetEnvironmentVariable(CommonArguments.TokenVariable, null);
        }

        Assert.Equal(NumdirCommand.ExitUnauthenticated, none.Exit);
        Assert.Contains("UNAUTHENTICATED", none.Err, StringComparison.Ordinal);
        Assert.Contains("--token", none.Err, StringComparison.Ordinal);
        Assert.Equal(NumdirCommand.ExitUnauthenticated, wrong.Exit);
        Assert.Equal((NumdirCommand.ExitOk, string.Empty), given.Outcome);
        Assert.Equal((NumdirCommand.ExitOk, string.Empty), fromEnvironment.Outcome);
    }

    [Fact]
    public async Task OutsideAllowedClients_ExitsUnauthenticatedNamingTheOption()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?> { ["Admin:AllowedClients:0"] = "192.0.2.0/24" });

        var run = await Numdir.AdminAsync(node, "lookup", "4001");

        Assert.Equal(NumdirCommand.ExitUnauthenticated, run.Exit);
        Assert.Contains("PERMISSION_DENIED", run.Err, StringComparison.Ordinal);
        Assert.Contains("Admin:AllowedClients", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverTls_TheNodesCertificateFromAPrivateCa_TrustedWithCa()
    {
        var (caFile, certFile, keyFile) = await PrivateCaAsync();
        var settings = Tokens();
        settings["Admin:Certificate"] = certFile;
        settings["Admin:CertificateKey"] = keyFile;
        await using var node = await TestNode.StartAsync(_temp.Data(), settings);
        var server = $"https://127.0.0.1:{node.AdminAddress.Port}";

        var trusted = await Numdir.RunAsync("status", "--server", server, "--ca", caFile, "--token", Token);
        var untrusted = await Numdir.RunAsync("status", "--server", server, "--token", Token);
        var noToken = await Numdir.RunAsync("status", "--server", server, "--ca", caFile);

        Assert.Equal((NumdirCommand.ExitOk, string.Empty), trusted.Outcome);
        Assert.Contains("health    SERVING", trusted.Out, StringComparison.Ordinal);
        Assert.Equal(NumdirCommand.ExitUnavailable, untrusted.Exit);
        Assert.Contains($"cannot reach the node at {server}", untrusted.Err, StringComparison.Ordinal);
        Assert.Equal(NumdirCommand.ExitUnauthenticated, noToken.Exit);
    }

    [Fact]
    public async Task Ca_NotACertificate_ExitsUsage()
    {
        var file = Path.Combine(_temp.Path, "not-a-ca.pem");
        await File.WriteAllTextAsync(file, "hello\n");

        var run = await Numdir.RunAsync("status", "--server", "https://127.0.0.1:50051", "--ca", file);

        Assert.Equal(NumdirCommand.ExitUsage, run.Exit);
        Assert.Contains("--ca", run.Err, StringComparison.Ordinal);
    }

    /// <summary>A CA, and a certificate for 127.0.0.1 it signed with its key: what an operator's private PKI gives a node.</summary>
    private async Task<(string Ca, string Certificate, string Key)> PrivateCaAsync()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=numberdirectory-test-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=numberdirectory-test-node", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-4), DateTimeOffset.UtcNow.AddHours(23), [1, 2, 3, 4]);

        var (caFile, certificateFile, keyFile) = (Path.Combine(_temp.Path, "ca.crt"), Path.Combine(_temp.Path, "admin.crt"), Path.Combine(_temp.Path, "admin.key"));
        await File.WriteAllTextAsync(caFile, ca.ExportCertificatePem());
        await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (caFile, certificateFile, keyFile);
    }
}
