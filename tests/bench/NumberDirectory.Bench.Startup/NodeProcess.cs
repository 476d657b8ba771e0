using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Bench.Startup;

/// <summary>
/// The node's own executable in a process of its own, on free loopback ports, publishing <c>_3XXX</c>
/// and permitting the benchmark's DUNDi client; ready once the host logs that the application started.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    /// <summary>The EID the benchmark's DUNDi client sends as.</summary>
    public static readonly NodeId ClientEid = NodeId.Parse("00:00:5e:00:53:c0");

    private readonly Process _process;
    private readonly string _directory;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NodeProcess(Process process, string directory, IPEndPoint http, IPEndPoint agi, IPEndPoint dundi)
    {
        _process = process;
        _directory = directory;
        Http = http;
        Agi = agi;
        Dundi = dundi;
    }

    public IPEndPoint Http { get; }

    public IPEndPoint Agi { get; }

    public IPEndPoint Dundi { get; }

    /// <summary>From the process start to the host's "Application started".</summary>
    public TimeSpan ReadyAfter { get; private set; }

    public static async Task<NodeProcess> StartAsync(string serverDll, Variant variant)
    {
        var directory = Path.Combine(Path.GetTempPath(), "nd-bench-startup-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var http = new IPEndPoint(IPAddress.Loopback, FreePort(SocketType.Stream, ProtocolType.Tcp));
        var agi = new IPEndPoint(IPAddress.Loopback, FreePort(SocketType.Stream, ProtocolType.Tcp));
        var dundi = new IPEndPoint(IPAddress.Loopback, FreePort(SocketType.Dgram, ProtocolType.Udp));
        var admin = new IPEndPoint(IPAddress.Loopback, FreePort(SocketType.Stream, ProtocolType.Tcp));
        var config = Path.Combine(directory, "appsettings.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "Node": { "DataDirectory": "{{Path.Combine(directory, "data")}}" },
              "Http": { "Listen": "{{http}}" },
              "Agi": { "Listen": "{{agi}}" },
              "Admin": { "Listen": "{{admin}}" },
              "Enum": { "Listen": "127.0.0.1:0" },
              "Dundi": {
                "Listen": "{{dundi}}",
                "Peers": [ { "Id": "{{ClientEid}}", "Host": "127.0.0.1", "Model": "inbound", "Permit": [ "e164" ], "Qualify": false } ]
              },
              "Ranges": [ { "Pattern": "_3XXX", "Routes": [ { "Uri": "iax2:pbx-a.example.net/${NUMBER}" }, { "Uri": "sip:${NUMBER}@pbx-a.example.net", "Weight": 10 } ] } ]
            }
            """);

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        start.ArgumentList.Add(serverDll);
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(config);
        foreach (var argument in variant.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in variant.Environment)
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var node = new NodeProcess(process, directory, http, agi, dundi);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("Application started", StringComparison.Ordinal) == true)
            {
                node.ReadyAfter = clock.Elapsed;
                node._ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (!string.IsNullOrEmpty(line.Data))
            {
                Console.Error.WriteLine($"node: {line.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Task.WhenAny(node._ready.Task, process.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(60));
        if (!node._ready.Task.IsCompleted)
        {
            await node.DisposeAsync();
            throw new InvalidOperationException($"the node did not start ({variant.Name})");
        }

        return node;
    }

    /// <summary>Busy CPU time of the node process so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort(SocketType type, ProtocolType protocol)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"node pid {_process.Id}");
}
