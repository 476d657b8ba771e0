using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using NumberDirectory.Bench.Dundi;

namespace NumberDirectory.Bench.Startup;

/// <summary>
/// Starts the node's executable again and again and times, on each door, the first local lookup after
/// the host reports it started — one door per process, so each door's figure is its own cold cost —
/// then runs DUNDi load on a fresh process to see how fast it answers over its first seconds. The
/// variants run interleaved, round by round, so machine noise falls on all of them alike.
/// </summary>
internal static class StartupBenchmark
{
    private const int Clients = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var loadSeconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var root = RepositoryRoot();
        var configuration = typeof(StartupBenchmark).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;
        var built = Path.Combine(root, "src", "NumberDirectory.Server", "bin", configuration, "net10.0", "NumberDirectory.Server.dll");
        var published = await PublishReadyToRunAsync(root);
        (string Name, string Dll, Variant Variant)[] variants =
        [
            ("build, no warm-up", built, new Variant("no warm-up", ["--Node:WarmUp", "false"], [])),
            ("build, warm-up (default)", built, new Variant("warm-up", [], [])),
            ("build, warm-up, TieredPGO off", built, new Variant("warm-up, TieredPGO off", [], [("DOTNET_TieredPGO", "0")])),
            ("ReadyToRun publish, no warm-up", published, new Variant("r2r, no warm-up", ["--Node:WarmUp", "false"], [])),
            ("ReadyToRun publish, warm-up", published, new Variant("r2r, warm-up", [], [])),
        ];

        Console.WriteLine($"{rounds} rounds; {configuration} build; load {loadSeconds} s with {Clients} DUNDi clients");
        await WarmClientsAsync(built);
        var first = variants.ToDictionary(v => v.Name, _ => FirstLookup.Doors.ToDictionary(d => d, _ => new List<double>()));
        var second = variants.ToDictionary(v => v.Name, _ => FirstLookup.Doors.ToDictionary(d => d, _ => new List<double>()));
        var ready = variants.ToDictionary(v => v.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, dll, variant) in variants)
            {
                foreach (var door in FirstLookup.Doors)
                {
                    await using var node = await NodeProcess.StartAsync(dll, variant);
                    var (elapsed, found) = await FirstLookup.OnAsync(door, node, "3001");
                    var (again, foundAgain) = await FirstLookup.OnAsync(door, node, "3002");
                    if (!found || !foundAgain)
                    {
                        throw new InvalidOperationException($"{name}: {door} did not find a published number");
                    }

                    first[name][door].Add(elapsed.TotalMilliseconds);
                    second[name][door].Add(again.TotalMilliseconds);
                    ready[name].Add(node.ReadyAfter.TotalMilliseconds);
                }
            }

            Console.WriteLine($"round {round + 1} done");
        }

        var load = new Dictionary<string, (double[] PerSecond, double CpuUsPerLookup)>();
        foreach (var (name, dll, variant) in variants)
        {
            load[name] = await LoadAsync(dll, variant, loadSeconds);
            Console.WriteLine($"load {name} done");
        }

        var report = Report(rounds, loadSeconds, configuration, variants.Select(v => v.Name).ToList(), first, second, ready, load);
        Console.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(root, "tests", "bench", "results", "startup.md"), report);
        return 0;
    }

    /// <summary>One throwaway start so the benchmark's own clients are compiled before anything is timed.</summary>
    private static async Task WarmClientsAsync(string dll)
    {
        await using var node = await NodeProcess.StartAsync(dll, new Variant("client warm-up", [], []));
        foreach (var door in FirstLookup.Doors)
        {
            for (var i = 0; i < 20; i++)
            {
                await FirstLookup.OnAsync(door, node, "3001");
            }
        }
    }

    private static async Task<(double[] PerSecond, double CpuUsPerLookup)> LoadAsync(string dll, Variant variant, int seconds)
    {
        await using var node = await NodeProcess.StartAsync(dll, variant);
        var counts = new long[seconds];
        var clock = Stopwatch.StartNew();
        var cpuBefore = node.CpuTime;
        var workers = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            using var client = new DundiLoadClient(node.Dundi);
            var queries = Enumerable.Range(0, 1000).Select(i => DundiLoadClient.Query(NodeProcess.ClientEid, (3000 + i).ToString(CultureInfo.InvariantCulture), bypassCache: false)).ToArray();
            var i = c * 250;
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                if (await client.LookupAsync(queries[i++ % queries.Length]))
                {
                    var second = (int)clock.Elapsed.TotalSeconds;
                    if (second < seconds)
                    {
                        Interlocked.Increment(ref counts[second]);
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var cpu = node.CpuTime - cpuBefore;
        return ([.. counts.Select(c => (double)c)], cpu.TotalMicroseconds / Math.Max(1, counts.Sum()));
    }

    private static async Task<string> PublishReadyToRunAsync(string root)
    {
        var output = Path.Combine(Path.GetTempPath(), "nd-bench-startup-r2r");
        var rid = RuntimeInformation.RuntimeIdentifier;
        var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", Path.Combine(root, "src", "NumberDirectory.Server"), "-c", "Release", "-r", rid, "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", output])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        await publish.StandardOutput.ReadToEndAsync();
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet publish -p:PublishReadyToRun=true failed");
        }

        return Path.Combine(output, "NumberDirectory.Server.dll");
    }

    private static string Report(
        int rounds,
        int loadSeconds,
        string configuration,
        List<string> names,
        Dictionary<string, Dictionary<string, List<double>>> first,
        Dictionary<string, Dictionary<string, List<double>>> second,
        Dictionary<string, List<double>> ready,
        Dictionary<string, (double[] PerSecond, double CpuUsPerLookup)> load)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine("# Start-up: first lookup on each door, and DUNDi speed over the first seconds");
        text.AppendLine();
        text.AppendLine(inv, $"{DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {configuration} build of the node; {rounds} rounds.");
        text.AppendLine();
        text.AppendLine("Command (from the repository root; the node runs as its own process, started fresh for every figure):");
        text.AppendLine();
        text.AppendLine("```sh");
        text.AppendLine(inv, $"dotnet run -c Release --project tests/bench/NumberDirectory.Bench.Startup -- {rounds} {loadSeconds}");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("Each door's first local lookup is timed on a process of its own, from the connect (or the first datagram) to the whole");
        text.AppendLine("answer, right after the host logs `Application started` — the moment the node is ready. Median and worst of the rounds, ms:");
        text.AppendLine();
        text.AppendLine("| variant | ready after (median) | HTTP first | HTTP second | FastAGI first | FastAGI second | DUNDi first | DUNDi second |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var name in names)
        {
            text.Append(inv, $"| {name} | {Median(ready[name]):F0} ms |");
            foreach (var door in FirstLookup.Doors)
            {
                text.Append(inv, $" {Median(first[name][door]):F1} (max {first[name][door].Max():F1}) | {Median(second[name][door]):F1} |");
            }

            text.AppendLine();
        }

        text.AppendLine();
        text.AppendLine(inv, $"DUNDi local lookups/s over the first {loadSeconds} s of a fresh process ({Clients} closed-loop clients, one query each in flight), and node CPU per lookup over the run:");
        text.AppendLine();
        var marks = new[] { 1, 2, 3, 5, 10, loadSeconds }.Where(s => s <= loadSeconds).Distinct().ToArray();
        text.AppendLine("| variant | " + string.Join(" | ", marks.Select(s => $"second {s}")) + " | last 5 s | CPU µs/lookup |");
        text.AppendLine("|---|" + string.Concat(marks.Select(_ => "---:|")) + "---:|---:|");
        foreach (var name in names)
        {
            var (perSecond, cpu) = load[name];
            var steady = perSecond.TakeLast(5).Average();
            text.AppendLine(inv, $"| {name} | {string.Join(" | ", marks.Select(s => perSecond[s - 1].ToString("N0", inv)))} | {steady.ToString("N0", inv)} | {cpu:F0} |");
        }

        return text.ToString();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NumberDirectory.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("run from inside the repository");
    }
}
