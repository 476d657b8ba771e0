using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using DnsClient;
using NumberDirectory.Server.Tests.EnumDns;

namespace NumberDirectory.Server.Tests.Hosting;

/// <summary>
/// The node as a <c>Type=notify</c> service (samples/systemd/): started the way systemd starts it,
/// with a <c>NOTIFY_SOCKET</c> this test opens, it sends <c>READY=1</c> only when every door answers
/// at once, <c>STOPPING=1</c> on SIGTERM, and never <c>READY=1</c> when its start fails.
/// tests/interop/systemd-interop.sh runs these against the self-contained published node.
/// </summary>
public sealed class SystemdNotifyTests : IDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Ready_OnlyOnceEveryDoorAnswers_ThenStoppingOnSigterm()
    {
        var (http, agi, dundi, enumPort) = (PublishedNode.FreePort(), PublishedNode.FreePort(), PublishedNode.FreePort(), PublishedNode.FreePort());
        using var notify = new NotifySocket(_temp.Path);
        await using var node = PublishedNode.StartAsService(_temp.Path, notify, ["--config", Config(http, agi, dundi, enumPort)]);

        var ready = await notify.ReceiveAsync(StartLimit);

        if (ready != "READY=1")
        {
            Assert.Fail($"expected READY=1, got '{ready}'; the node printed:{Environment.NewLine}{await StopAsync(node)}");
        }

        // No retry and no wait from here: each door must answer its first request.
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}") };
        using var health = await client.GetAsync(new Uri("/health?format=json", UriKind.Relative));
        var checks = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(["ok", "ok", "ok", "ok"], new[] { "http", "agi", "dundi", "data" }.Select(c => checks[c]));
        using var lookup = await client.GetAsync(new Uri("/lookup/15550101?format=json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        Assert.Contains("pbx-b.example.net", await lookup.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var naptr = await EnumClient.For(new IPEndPoint(IPAddress.Loopback, enumPort), tcpFallback: false)
            .QueryAsync("1.0.1.0.5.5.5.1.e164.example.net", QueryType.NAPTR);
        Assert.Equal(DnsHeaderResponseCode.NoError, naptr.Header.ResponseCode);
        Assert.Contains(naptr.Answers, r => r.RecordType == DnsClient.Protocol.ResourceRecordType.NAPTR);
        using (var fastAgi = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await fastAgi.ConnectAsync(new IPEndPoint(IPAddress.Loopback, agi));
        }

        node.Terminate();
        var stopping = await notify.ReceiveAsync(StartLimit);
        var run = await node.WaitForExitAsync();

        Assert.Equal("STOPPING=1", stopping);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(notify.Pending());
        // Under systemd the journal's format: the level as <N>, no timestamp (the journal adds one).
        Assert.All(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Matches(@"^<[0-7]>[\w.]+\[\d+\] ", line));
    }

    [Fact]
    public async Task UnderSystemd_FormatterJsonConfigured_JsonLinesStill()
    {
        var http = PublishedNode.FreePort();
        using var notify = new NotifySocket(_temp.Path);
        await using var node = PublishedNode.StartAsService(_temp.Path, notify,
            ["--config", Config(http, PublishedNode.FreePort(), PublishedNode.FreePort(), PublishedNode.FreePort()), "--Logging:Console:FormatterName", "json"]);

        var ready = await notify.ReceiveAsync(StartLimit);
        node.Terminate();
        var run = await node.WaitForExitAsync();

        Assert.True(ready == "READY=1", run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
    }

    [Fact]
    public async Task StartFails_PortTaken_NeverReady()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen(1);
        var http = ((IPEndPoint)taken.LocalEndPoint!).Port;
        using var notify = new NotifySocket(_temp.Path);
        await using var node = PublishedNode.StartAsService(_temp.Path, notify, ["--config", Config(http, PublishedNode.FreePort(), PublishedNode.FreePort(), PublishedNode.FreePort())]);

        var run = await node.WaitForExitAsync();

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Http:Listen", run.Stderr, StringComparison.Ordinal);
        // Whatever it sent arrived before it exited.
        Assert.DoesNotContain(notify.Pending(), m => m.Contains("READY=1", StringComparison.Ordinal));
    }

    private static async Task<string> StopAsync(ServerProcess node)
    {
        try
        {
            node.Terminate();
        }
        catch (InvalidOperationException)
        {
            // Exited already.
        }

        return (await node.WaitForExitAsync()).ToString();
    }

    private string Config(int http, int agi, int dundi, int enumPort)
    {
        var file = Path.Combine(_temp.Path, "node.json");
        File.WriteAllText(file, $$"""
            {
              "Node": { "DataDirectory": {{JsonSerializer.Serialize(_temp.Data())}} },
              "Http": { "Listen": "127.0.0.1:{{Port(http)}}" },
              "Agi": { "Listen": "127.0.0.1:{{Port(agi)}}" },
              "Admin": { "Listen": "127.0.0.1:0" },
              "Dundi": { "Listen": "127.0.0.1:{{Port(dundi)}}" },
              "Enum": { "Listen": "127.0.0.1:{{Port(enumPort)}}", "Zones": [ { "Suffix": "e164.example.net", "Context": "e164" } ] },
              "Ranges": [ { "Pattern": "+15550100-+15550199",
                            "Routes": [ { "Uri": "sip:${NUMBER}@pbx-b.example.net", "Weight": 10 } ] } ]
            }
            """);
        return file;
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
