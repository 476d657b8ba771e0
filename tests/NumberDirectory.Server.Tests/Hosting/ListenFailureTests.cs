using System.Net;
using System.Net.Sockets;

namespace NumberDirectory.Server.Tests.Hosting;

/// <summary>
/// Every door fails the same clean way when it cannot listen: exit 2 and one line naming the option,
/// no stack trace unless <c>Node:Debug</c> asks for one; two TCP doors on one address are refused
/// before anything opens.
/// </summary>
public sealed class ListenFailureTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    // 192.0.2.1 (TEST-NET-1) is on no host: binding it fails with "cannot assign requested address".
    [Theory]
    [InlineData("Http:Listen", "192.0.2.1:8080")]
    [InlineData("Agi:Listen", "192.0.2.1:4573")]
    [InlineData("Dundi:Listen", "192.0.2.1:4520")]
    public async Task Run_ListenAddressNotOnThisHost_ExitsTwoWithOneLineNamingTheOption(string option, string address)
    {
        var run = await ServerProcess.RunAsync(_temp.Path, Arguments((option, address)));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal($"numberdirectory: cannot start: {option} {address}: cannot bind (the address is not on this host)", run.Stderr.TrimEnd());
        Assert.DoesNotContain("Unhandled exception", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ListenFailureWithNodeDebug_AlsoPrintsTheStackTrace()
    {
        var run = await ServerProcess.RunAsync(_temp.Path, [.. Arguments(("Http:Listen", "192.0.2.1:8080")), "--Node:Debug", "true"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("numberdirectory: cannot start: Http:Listen 192.0.2.1:8080: cannot bind (the address is not on this host)", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_PortInUse_ExitsTwoNamingHttpListen()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();

        var run = await ServerProcess.RunAsync(_temp.Path, Arguments(("Http:Listen", taken.LocalEndPoint!.ToString()!)));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal($"numberdirectory: cannot start: Http:Listen {taken.LocalEndPoint}: cannot bind (the port is in use by another program)", run.Stderr.TrimEnd());
    }

    [Fact]
    public async Task Run_HttpAndAgiOnOneAddress_RefusedBeforeAnythingOpens()
    {
        var address = $"127.0.0.1:{FreeTcpPort()}";

        var run = await ServerProcess.RunAsync(_temp.Path, Arguments(("Http:Listen", address), ("Agi:Listen", address)));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"Agi:Listen: {address} is on the same TCP port as Http:Listen", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.Data()), "the data directory was opened before the configuration was refused");
    }

    /// <summary>Ephemeral loopback ports for every door, the data directory in the temp directory, then <paramref name="settings"/>.</summary>
    private string[] Arguments(params (string Key, string Value)[] settings)
    {
        var all = ServerProcess.DoorListenKeys.ToDictionary(key => key, _ => "127.0.0.1:0");
        all["Node:DataDirectory"] = _temp.Data();
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return [.. all.SelectMany(kv => new[] { $"--{kv.Key}", kv.Value })];
    }

    private static int FreeTcpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
