using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using NumberDirectory.Server.Tests.Dundi;
using NumberDirectory.Server.Tests.Hosting;

namespace NumberDirectory.Server.Tests.Samples;

/// <summary>
/// samples/mesh-3-nodes as shipped, with its fixed ports swapped for free ones: a lookup on A
/// returns C's route, and run.sh stops when a node cannot start.
/// </summary>
public sealed class MeshSampleTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task MeshSample_LookupOnA_ReturnsCsRoute()
    {
        var root = Path.Combine(ConfigurationTests.RepositoryRoot(), "samples", "mesh-3-nodes");
        var names = new[] { "a", "b", "c" };
        var files = names.ToDictionary(n => n, n => new ConfigurationBuilder().AddJsonFile(Path.Combine(root, $"node-{n}", "appsettings.json")).Build());
        var reserved = UdpPorts.Reserve(3);
        var portOf = names.Select((n, i) => (Port: files[n]["Dundi:Listen"]!.Split(':')[1], New: reserved[i]))
            .ToDictionary(p => p.Port, p => p.New.ToString(CultureInfo.InvariantCulture));

        var nodes = new List<TestNode>();
        try
        {
            foreach (var name in names)
            {
                var settings = files[name].AsEnumerable().Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);
                settings["Http:Listen"] = "127.0.0.1:0";
                settings["Agi:Listen"] = "127.0.0.1:0";
                settings["Enum:Listen"] = "127.0.0.1:0";
                settings["Dundi:Listen"] = $"127.0.0.1:{portOf[files[name]["Dundi:Listen"]!.Split(':')[1]]}";
                foreach (var key in settings.Keys.Where(k => k.StartsWith("Dundi:Peers:", StringComparison.Ordinal) && k.EndsWith(":Port", StringComparison.Ordinal)).ToList())
                {
                    settings[key] = portOf[settings[key]!];
                }

                settings.Remove("Node:DataDirectory");
                nodes.Add(await TestNode.StartAsync(_temp.Data(name), settings));
            }

            var body = await nodes[0].Http.GetStringAsync(new Uri("/lookup/5001", UriKind.Relative));
            using var missing = await nodes[0].Http.GetAsync(new Uri("/lookup/9999", UriKind.Relative));

            Assert.Equal("IAX2/pbx-c.example.net/5001", body.TrimEnd());
            Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task RunSh_NodeCannotBind_StopsEveryNodeAndNamesIt()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var (script, ports) = CopySampleWithFreePorts();
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, ports["4522"]));

        var (exit, _, error) = await RunAsync(script);

        Assert.Equal(1, exit);
        Assert.Contains("node B (node-b/appsettings.json) stopped", error, StringComparison.Ordinal);
        Assert.Contains($"Dundi:Listen 127.0.0.1:{ports["4522"]}: cannot bind (the port is in use", error, StringComparison.Ordinal);
        foreach (var http in new[] { ports["8081"], ports["8083"] })
        {
            using var client = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, http));
        }
    }

    // The sample's directory in a fresh place, every fixed port (HTTP 808x, FastAGI 458x, DUNDi 452x)
    // replaced by a free one; returns the copied run.sh and the new port of each old one.
    private (string Script, Dictionary<string, int> Ports) CopySampleWithFreePorts()
    {
        var source = Path.Combine(ConfigurationTests.RepositoryRoot(), "samples", "mesh-3-nodes");
        var target = Path.Combine(_temp.Path, "mesh-3-nodes");
        var tcp = Enumerable.Range(0, 9).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        tcp.ForEach(l => l.Start());
        var free = tcp.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).Concat(UdpPorts.Reserve(3)).ToList();
        tcp.ForEach(l => l.Stop());
        var ports = new[] { "8081", "8082", "8083", "4581", "4582", "4583", "50051", "50052", "50053", "4521", "4522", "4523" }.Zip(free).ToDictionary(p => p.First, p => p.Second);
        foreach (var node in new[] { "node-a", "node-b", "node-c" })
        {
            Directory.CreateDirectory(Path.Combine(target, node));
            var json = File.ReadAllText(Path.Combine(source, node, "appsettings.json"));
            json = Regex.Replace(json, @"\b(808[1-3]|458[1-3]|5005[1-3]|452[1-3])\b", m => ports[m.Value].ToString(CultureInfo.InvariantCulture));
            File.WriteAllText(Path.Combine(target, node, "appsettings.json"), json);
        }

        var script = Path.Combine(target, "run.sh");
        File.Copy(Path.Combine(source, "run.sh"), script);
        return (script, ports);
    }

    // Runs a copied run.sh on the node the tests are built with, from the temp directory (its data goes there).
    private async Task<(int Exit, string Output, string Error)> RunAsync(string script)
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { script },
            WorkingDirectory = _temp.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NUMDIR_SERVER"] = Path.Combine(AppContext.BaseDirectory, "NumberDirectory.Server.dll");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"run.sh was still running after 60 s:\n{await output}\n{await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}
