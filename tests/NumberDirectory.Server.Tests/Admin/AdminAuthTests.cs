using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using NumberDirectory.Admin.V1;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Admin;

/// <summary>
/// Who may call the admin API: loopback by default; with tokens, only a caller holding one; off
/// loopback the node does not start without TLS and tokens; over TLS with a certificate of the node's.
/// </summary>
public sealed class AdminAuthTests : IDisposable
{
    private const string Token = "0123456789abcdef0123456789abcdef-ops";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string TokenFile(string content = Token)
    {
        var path = Path.Combine(_temp.Path, $"token-{Guid.NewGuid():N}");
        File.WriteAllText(path, content + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    [Fact]
    public async Task WithTokens_CallsWithoutOneOrWithAWrongOneAreUnauthenticated()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?>
        {
            ["Admin:Tokens:0:Name"] = "ops",
            ["Admin:Tokens:0:File"] = TokenFile(),
        });
        using var channel = AdminClient.Channel(node);
        var client = new NodeService.NodeServiceClient(channel);

        var none = await Assert.ThrowsAsync<RpcException>(() => client.GetNodeInfoAsync(new GetNodeInfoRequest()).ResponseAsync);
        var wrong = await Assert.ThrowsAsync<RpcException>(() => client.GetNodeInfoAsync(new GetNodeInfoRequest(), AdminClient.Token(Token + "x")).ResponseAsync);
        var info = await client.GetNodeInfoAsync(new GetNodeInfoRequest(), AdminClient.Token(Token));

        Assert.Equal(StatusCode.Unauthenticated, none.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        Assert.NotEmpty(info.Eid);
    }

    [Fact]
    public async Task WithTokens_TheStandardHealthCheckNeedsNone_SoLoadBalancersCanProbeIt()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?>
        {
            ["Admin:Tokens:0:Name"] = "ops",
            ["Admin:Tokens:0:File"] = TokenFile(),
        });
        using var channel = AdminClient.Channel(node);

        var health = await new Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest());
        var other = await Assert.ThrowsAsync<RpcException>(() => new NodeService.NodeServiceClient(channel).GetNodeInfoAsync(new GetNodeInfoRequest()).ResponseAsync);

        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Equal(StatusCode.Unauthenticated, other.StatusCode);
    }

    [Fact]
    public async Task ClientOutsideAdminAllowedClients_PermissionDenied()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?>
        {
            ["Admin:AllowedClients:0"] = "192.0.2.0/24",
        });
        using var channel = AdminClient.Channel(node);

        var refused = await Assert.ThrowsAsync<RpcException>(() => new NodeService.NodeServiceClient(channel).GetNodeInfoAsync(new GetNodeInfoRequest()).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("Admin:AllowedClients", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("192.0.2.10:50051", false, false, "needs TLS")]
    [InlineData("192.0.2.10:50051", true, false, "needs tokens")]
    [InlineData("[2001:db8::1]:50051", false, true, "needs TLS")]
    public void Validate_OffLoopbackWithoutTlsOrTokens_Refused(string listen, bool tls, bool tokens, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Admin:Listen"] = listen };
        if (tls)
        {
            settings["Admin:Certificate"] = "/etc/numberdirectory/admin.crt";
            settings["Admin:CertificateKey"] = "/etc/numberdirectory/admin.key";
        }

        if (tokens)
        {
            settings["Admin:Tokens:0:Name"] = "ops";
            settings["Admin:Tokens:0:File"] = "/etc/numberdirectory/ops.token";
        }

        var errors = NumberDirectoryNode.Validate(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        Assert.Contains(errors, e => e.StartsWith("Admin:Listen: ", StringComparison.Ordinal) && e.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("short", "is 5 characters; use at least 32")]
    [InlineData(Token, "can be read by other users")]
    public async Task Start_BadTokenFile_RefusedNamingTheOption(string content, string expected)
    {
        var file = TokenFile(content);
        if (expected.Contains("other users", StringComparison.Ordinal) && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        }

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?>
        {
            ["Admin:Tokens:0:Name"] = "ops",
            ["Admin:Tokens:0:File"] = file,
        }));

        var message = NumberDirectoryNode.StartupFailure(failure) ?? failure.ToString();
        Assert.Contains("Admin:Tokens:0:File: ", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverTls_TheNodesCertificateAndATokenGetThrough()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=numberdirectory-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certFile = Path.Combine(_temp.Path, "admin.crt");
        var keyFile = Path.Combine(_temp.Path, "admin.key");
        await File.WriteAllTextAsync(certFile, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
        await using var node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?>
        {
            ["Admin:Certificate"] = certFile,
            ["Admin:CertificateKey"] = keyFile,
            ["Admin:Tokens:0:Name"] = "ops",
            ["Admin:Tokens:0:File"] = TokenFile(),
        });
        var thumbprint = certificate.GetCertHashString();
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented is X509Certificate2 c && c.GetCertHashString() == thumbprint },
        };
        var address = new Uri($"https://127.0.0.1:{node.AdminAddress.Port}");
        using var channel = AdminClient.Channel(node, handler, address);
        var client = new NodeService.NodeServiceClient(channel);

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.GetNodeInfoAsync(new GetNodeInfoRequest()).ResponseAsync);
        var info = await client.GetNodeInfoAsync(new GetNodeInfoRequest(), AdminClient.Token(Token));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.NotEmpty(info.Eid);

        // Plaintext HTTP/2 to a TLS listener gets nowhere.
        using var plain = AdminClient.Channel(node, address: new Uri($"http://127.0.0.1:{node.AdminAddress.Port}"));
        var cleartext = await Assert.ThrowsAsync<RpcException>(() => new NodeService.NodeServiceClient(plain).GetNodeInfoAsync(new GetNodeInfoRequest(), AdminClient.Token(Token)).ResponseAsync);
        // The TLS side hangs up on the HTTP/2 preface; whether the client reads that as a reset
        // connection (UNAVAILABLE) or a broken HTTP/2 stream (INTERNAL) depends on timing.
        Assert.Contains(cleartext.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal });
    }
}
