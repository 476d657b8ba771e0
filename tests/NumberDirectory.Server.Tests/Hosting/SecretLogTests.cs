using System.Globalization;
using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using NumberDirectory.Admin.V1;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.Tests.Dundi;
using NumberDirectory.Server.Tests.EnumDns;

namespace NumberDirectory.Server.Tests.Hosting;

/// <summary>
/// README §Logs, what is never logged: with an admin token, a DUNDi key pair and a TSIG key
/// configured, at Trace for every category and with stack traces on (<c>Node:Debug</c>), nothing the
/// node prints — start-up, admin calls with the right and a wrong token, encrypted DUNDi traffic, a
/// refused transfer, shutdown, and configuration errors next to the secrets — holds any of them.
/// </summary>
public sealed class SecretLogTests : IDisposable
{
    private const string Token = "5ecret-admin-token-0123456789abcdef0123";
    private const string TsigSecret = "VHNpZ1NlY3JldFRzaWdTZWNyZXRUc2lnU2VjcmV0MDE=";
    private readonly TempDirectory _temp = new();
    private readonly DundiKeyPairFiles _a;
    private readonly DundiKeyPairFiles _b;

    public SecretLogTests()
    {
        _a = DundiKeyFile.GenerateKeyPair(_temp.Path, "a");
        _b = DundiKeyFile.GenerateKeyPair(_temp.Path, "b");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TraceEverywhere_StartCallsTrafficStop_NoSecretPrinted()
    {
        var (http, admin, dundiB, enumPort) = (PublishedNode.FreePort(), PublishedNode.FreePort(), PublishedNode.FreePort(), PublishedNode.FreePort());
        // A, in-process, asks B (the process) over encrypted DUNDi; B qualifies A, so both send.
        await using var a = await TestNode.StartAsync(_temp.Data("a"), new Dictionary<string, string?>
        {
            ["Node:Id"] = Mesh.Eid("A").ToString(),
            ["Dundi:PrivateKey"] = _a.PrivateKeyPath,
            ["Dundi:Peers:0:Id"] = Mesh.Eid("B").ToString(),
            ["Dundi:Peers:0:Host"] = "127.0.0.1",
            ["Dundi:Peers:0:Port"] = Port(dundiB),
            ["Dundi:Peers:0:Model"] = "symmetric",
            ["Dundi:Peers:0:Include:0"] = "e164",
            ["Dundi:Peers:0:Permit:0"] = "e164",
            ["Dundi:Peers:0:Qualify"] = "false",
            ["Dundi:Peers:0:InKey"] = _b.PublicKeyPath,
        });
        var settings = Secrets();
        settings["Http:Listen"] = $"127.0.0.1:{Port(http)}";
        settings["Admin:Listen"] = $"127.0.0.1:{Port(admin)}";
        settings["Dundi:Listen"] = $"127.0.0.1:{Port(dundiB)}";
        settings["Dundi:Peers:0:Port"] = Port(a.DundiAddress.Port);
        settings["Enum:Listen"] = $"127.0.0.1:{Port(enumPort)}";
        await using var b = ServerProcess.Start(_temp.Path, Arguments(settings));
        await b.WaitForOutputAsync("Application started");

        var lookup = await a.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative));
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{admin}");
        var client = new NodeService.NodeServiceClient(channel);
        var info = await client.GetNodeInfoAsync(new GetNodeInfoRequest(), new Metadata { { "authorization", $"Bearer {Token}" } });
        var wrong = await Assert.ThrowsAsync<RpcException>(() => client.GetNodeInfoAsync(new GetNodeInfoRequest(), new Metadata { { "authorization", $"Bearer {Token}x" } }).ResponseAsync);
        var unsigned = await ZoneTransferClient.AxfrAsync(new IPEndPoint(IPAddress.Loopback, enumPort), "e164.example.net");
        b.Terminate();
        var run = await b.WaitForExitAsync();

        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        Assert.Equal(Mesh.Eid("B").ToString(), info.Eid);
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        Assert.Equal(ARSoft.Tools.Net.Dns.ReturnCode.Refused, unsigned.Code);
        Assert.True(run.ExitCode == 0, run.ToString());
        // The run logged at Trace, and logged the refusals: the check below looked at something.
        Assert.Contains("trce: ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("no valid token", run.Stdout, StringComparison.Ordinal);
        AssertNoSecret(run);
    }

    [Fact]
    public async Task ConfigurationErrorsNextToSecrets_NameTheOptionsNotTheSecrets()
    {
        var settings = Secrets();
        settings["Enum:TsigKeys:0:Algorithm"] = "hmac-md5";
        settings["Enum:TsigKeys:1:Name"] = "second";
        settings["Enum:TsigKeys:1:Algorithm"] = "hmac-sha256";
        settings["Enum:TsigKeys:1:Secret"] = $"not base64 {TsigSecret}!";
        settings["Enum:TsigKeys:0:Secrett"] = TsigSecret;
        settings["Dundi:Peers:0:Port"] = "not a port";

        var run = await ServerProcess.RunAsync(_temp.Path, Arguments(settings));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Enum:TsigKeys:0:Algorithm", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Enum:TsigKeys:1:Secret", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Enum:TsigKeys:0:Secrett", run.Stderr, StringComparison.Ordinal);
        AssertNoSecret(run);
    }

    [Fact]
    public async Task TokenFileTooShort_NamesTheFileNotItsContent()
    {
        var settings = Secrets();
        var shortToken = "short-5ecret-token";
        await File.WriteAllTextAsync(settings["Admin:Tokens:0:File"], shortToken);

        var run = await ServerProcess.RunAsync(_temp.Path, Arguments(settings));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Admin:Tokens:0:File", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(shortToken, run.ToString(), StringComparison.Ordinal);
        AssertNoSecret(run);
    }

    /// <summary>Node B: every secret it can hold, Trace for every category, stack traces on.</summary>
    private Dictionary<string, string> Secrets()
    {
        var token = Path.Combine(_temp.Path, "ops.token");
        File.WriteAllText(token, Token + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(token, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return new Dictionary<string, string>
        {
            ["Node:DataDirectory"] = _temp.Data("b"),
            ["Node:Id"] = Mesh.Eid("B").ToString(),
            ["Node:Debug"] = "true",
            ["Http:Listen"] = "127.0.0.1:0",
            ["Agi:Listen"] = "127.0.0.1:0",
            ["Admin:Listen"] = "127.0.0.1:0",
            ["Admin:Tokens:0:Name"] = "ops",
            ["Admin:Tokens:0:File"] = token,
            ["Dundi:Listen"] = "127.0.0.1:0",
            ["Dundi:PrivateKey"] = _b.PrivateKeyPath,
            ["Dundi:Peers:0:Id"] = Mesh.Eid("A").ToString(),
            ["Dundi:Peers:0:Host"] = "127.0.0.1",
            ["Dundi:Peers:0:Port"] = "9",
            ["Dundi:Peers:0:Model"] = "symmetric",
            ["Dundi:Peers:0:Include:0"] = "e164",
            ["Dundi:Peers:0:Permit:0"] = "e164",
            ["Dundi:Peers:0:InKey"] = _a.PublicKeyPath,
            ["Enum:Listen"] = "127.0.0.1:0",
            ["Enum:Zones:0:Suffix"] = "e164.example.net",
            ["Enum:Zones:0:Context"] = "e164",
            ["Enum:Zones:0:Answers"] = "Local",
            ["Enum:Zones:0:NameServers:0"] = "ns1.example.net",
            ["Enum:Zones:0:Transfer:TsigKey"] = "xfr-key",
            ["Enum:TsigKeys:0:Name"] = "xfr-key",
            ["Enum:TsigKeys:0:Algorithm"] = "hmac-sha256",
            ["Enum:TsigKeys:0:Secret"] = TsigSecret,
            ["Ranges:0:Pattern"] = "_4XXX",
            ["Ranges:0:Routes:0:Uri"] = "iax2:pbx-b.example.net/${NUMBER}",
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host"] = "Trace",
        };
    }

    private static string[] Arguments(Dictionary<string, string> settings) =>
        [.. settings.SelectMany(s => new[] { $"--{s.Key}", s.Value })];

    private void AssertNoSecret(ServerRun run)
    {
        var printed = run.ToString();
        Assert.DoesNotContain(Token, printed, StringComparison.Ordinal);
        Assert.DoesNotContain(TsigSecret, printed, StringComparison.Ordinal);
        // The base64 of the key itself; a line is 64 characters of it, none of which any log has reason to hold.
        foreach (var file in new[] { _a.PrivateKeyPath, _b.PrivateKeyPath })
        {
            foreach (var line in File.ReadAllLines(file).Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)))
            {
                Assert.DoesNotContain(line, printed, StringComparison.Ordinal);
            }
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
