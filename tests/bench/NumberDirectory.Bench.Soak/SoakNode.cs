using System.Diagnostics;
using System.Globalization;

namespace NumberDirectory.Bench.Soak;

/// <summary>
/// The node's own executable in a process of its own (as <c>NumberDirectory.Bench.Startup</c>'s
/// NodeProcess starts it), with the configuration given, ready once the host logs that the
/// application started; counts the log lines it writes, so a log flood shows like any other growth.
/// </summary>
internal sealed class SoakNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _logLines;

    private SoakNode(string name, Process process, NodeEndpoints endpoints)
    {
        Name = name;
        _process = process;
        Endpoints = endpoints;
    }

    public string Name { get; }

    public NodeEndpoints Endpoints { get; }

    public int ProcessId => _process.Id;

    /// <summary>Lines the node wrote to stdout and stderr so far.</summary>
    public long LogLines => Interlocked.Read(ref _logLines);

    public static async Task<SoakNode> StartAsync(string name, string serverDll, string directory, NodeEndpoints endpoints, string configJson)
    {
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "appsettings.json");
        await File.WriteAllTextAsync(config, configJson);
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

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var node = new SoakNode(name, process, endpoints);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            Interlocked.Increment(ref node._logLines);
            if (line.Data.Contains("Application started", StringComparison.Ordinal))
            {
                node._ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (!string.IsNullOrEmpty(line.Data))
            {
                Interlocked.Increment(ref node._logLines);
                Console.Error.WriteLine($"node {name}: {line.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Task.WhenAny(node._ready.Task, process.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(60));
        if (!node._ready.Task.IsCompleted)
        {
            await node.DisposeAsync();
            throw new InvalidOperationException($"node {name} did not start");
        }

        return node;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"node {Name} (pid {_process.Id})");
}
