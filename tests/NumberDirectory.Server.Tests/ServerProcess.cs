using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace NumberDirectory.Server.Tests;

/// <summary>
/// The node executable run as a child process, the way an administrator starts it, for what only a
/// process shows: its exit code and what it prints. Every wait is bounded; a process still running
/// when the test is done is killed (by its own handle).
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>Generous: a node that fails to start does so in well under a second.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Both output streams drained and the process exited: only then is everything it printed read.
    private int _pending = 3;

    private ServerProcess(ProcessStartInfo start)
    {
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.Exited += (_, _) => Done();
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The node executable as built beside the tests (with the server's own appsettings.json).</summary>
    public static string ServerDll => Path.Combine(AppContext.BaseDirectory, "NumberDirectory.Server.dll");

    /// <summary>The <c>dotnet</c> host running these tests.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>Starts <c>dotnet NumberDirectory.Server.dll args</c> in <paramref name="workingDirectory"/>.</summary>
    public static ServerProcess Start(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        StartDotnet(workingDirectory, [ServerDll, .. args], environment);

    /// <summary>Starts <c>dotnet args</c> in <paramref name="workingDirectory"/> with a clean NumberDirectory environment.</summary>
    public static ServerProcess StartDotnet(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        StartProgram(Dotnet, workingDirectory, args, environment);

    /// <summary>Starts <paramref name="program"/> (a published node, a shell) with a clean NumberDirectory environment.</summary>
    public static ServerProcess StartProgram(string program, string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Only what the test states: no NUMBERDIRECTORY_ settings or host environment from the test run.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("NUMBERDIRECTORY_", StringComparison.OrdinalIgnoreCase)
            || k is "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT" or "ASPNETCORE_URLS").ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new ServerProcess(start);
    }

    /// <summary>
    /// The listen option of every door, each of which has a fixed loopback default (5300, 50051, …): a
    /// node a test starts sets them all to port 0, or another program holding a default stops it.
    /// </summary>
    public static IReadOnlyList<string> DoorListenKeys { get; } = ["Http:Listen", "Agi:Listen", "Dundi:Listen", "Enum:Listen", "Admin:Listen"];

    /// <summary>Every door on an ephemeral loopback port, as environment variables.</summary>
    public static IReadOnlyDictionary<string, string> EphemeralDoors { get; } =
        DoorListenKeys.ToDictionary(key => "NUMBERDIRECTORY_" + key.Replace(":", "__", StringComparison.Ordinal), _ => "127.0.0.1:0");

    /// <summary>Runs the node to its end; it must exit by itself within the timeout.</summary>
    public static async Task<ServerRun> RunAsync(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        await using var process = Start(workingDirectory, args, environment);
        return await process.WaitForExitAsync();
    }

    /// <summary>The process id (the node's own when it was started through <c>exec</c>).</summary>
    public int Id => _process.Id;

    /// <summary>SIGTERM, as systemd and <c>kill</c> stop the node; the process exits by itself after it.</summary>
    public void Terminate()
    {
        if (Kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Waits for the process to exit by itself.</summary>
    public async Task<ServerRun> WaitForExitAsync()
    {
        try
        {
            await _exited.Task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"the process was still running after {Timeout.TotalSeconds} s; it printed:{Environment.NewLine}{Snapshot()}");
        }

        return Snapshot();
    }

    /// <summary>Waits until <paramref name="text"/> appears on stdout or stderr; fails if the process exits first.</summary>
    public async Task WaitForOutputAsync(string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_stdout.ToString().Contains(text, StringComparison.Ordinal) || _stderr.ToString().Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            _waiters.Add((text, seen));
        }

        var first = await Task.WhenAny(seen.Task, _exited.Task).WaitAsync(Timeout).ConfigureAwait(false);
        if (first != seen.Task && !seen.Task.IsCompleted)
        {
            throw new Xunit.Sdk.XunitException($"the process exited ({_process.ExitCode}) before printing '{text}'; it printed:{Environment.NewLine}{Snapshot()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_exited.Task.IsCompleted)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }

            await _exited.Task.WaitAsync(Timeout);
        }

        _process.Dispose();
    }

    private ServerRun Snapshot()
    {
        lock (_gate)
        {
            return new ServerRun(_exited.Task.IsCompleted ? _process.ExitCode : -1, _stdout.ToString(), _stderr.ToString());
        }
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            Done();
            return;
        }

        lock (_gate)
        {
            target.AppendLine(line);
            foreach (var waiter in _waiters.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private void Done()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _exited.TrySetResult();
        }
    }
}
