using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Bench.Doors;

/// <summary>
/// Starts a real node in this process on loopback, then measures FastAGI sessions/s and HTTP lookups/s
/// for numbers the node publishes itself, each for a fixed time with N concurrent workers.
/// Usage: <c>dotnet run -c Release --project tests/bench/NumberDirectory.Bench.Doors -- [seconds] [workers]</c>.
/// </summary>
internal static class DoorsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var workers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
        var duration = TimeSpan.FromSeconds(seconds);
        var data = Path.Combine(Path.GetTempPath(), "nd-bench-" + Guid.NewGuid().ToString("N"));
        var agiPort = FreePort();
        var (dundiA, dundiB) = (FreeUdpPort(), FreeUdpPort());

        // Node B publishes 5xxx; node A (measured) asks B for them over DUNDi and caches the answers.
        var peer = NumberDirectoryNode.Create([], Path.GetTempPath(), builder =>
        {
            builder.Configuration.AddInMemoryCollection(PeerSettings(Path.Combine(data, "b"), dundiB));
            builder.Logging.ClearProviders();
        });
        var app = NumberDirectoryNode.Create([], Path.GetTempPath(), builder =>
        {
            builder.Configuration.AddInMemoryCollection(Settings(Path.Combine(data, "a"), agiPort, dundiA, dundiB));
            builder.Logging.ClearProviders();
        });
        await peer.StartAsync();
        await app.StartAsync();
        try
        {
            var http = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var agi = new IPEndPoint(IPAddress.Loopback, agiPort);
            Console.WriteLine($"node up: HTTP {http}, FastAGI {agi}; {seconds} s per door, {workers} workers");

            var results = new List<DoorResult>();
            foreach (var (kind, first) in new[] { ("local", 4000), ("cached", 5000) })
            {
                if (kind == "cached")
                {
                    await LearnAsync(http, first);
                }

                await MeasureAgiAsync(agi, workers, TimeSpan.FromSeconds(2), first, kind);
                results.Add(await MeasureAgiAsync(agi, workers, duration, first, kind));
                Print(results[^1]);
                await MeasureHttpAsync(http, workers, TimeSpan.FromSeconds(2), first, kind);
                results.Add(await MeasureHttpAsync(http, workers, duration, first, kind));
                Print(results[^1]);
            }

            var report = Report(results);
            var file = Path.Combine(RepositoryRoot(), "tests", "bench", "results", "doors.md");
            await File.WriteAllTextAsync(file, report);
            Console.WriteLine($"written {Path.GetRelativePath(RepositoryRoot(), file)}");
            return results.Sum(r => r.Failures) == 0 ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            await peer.StopAsync();
            await peer.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Asks A once for each of the peer's thousand numbers so they are in A's cache.</summary>
    private static async Task LearnAsync(Uri http, int first)
    {
        using var client = new HttpClient { BaseAddress = http };
        for (var i = 0; i < 1000; i++)
        {
            using var response = await client.GetAsync(new Uri($"/lookup/{first + i}?timeout=2", UriKind.Relative));
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"node A could not learn {first + i} from its peer: HTTP {(int)response.StatusCode}");
            }
        }
    }

    private const string EidA = "00:00:5e:00:53:e0";
    private const string EidB = "00:00:5e:00:53:e1";

    private static Dictionary<string, string?> PeerSettings(string data, int dundiB) => new()
    {
        ["Node:DataDirectory"] = data,
        ["Node:Id"] = EidB,
        ["Http:Listen"] = "127.0.0.1:0",
        ["Admin:Listen"] = "127.0.0.1:0",
        ["Agi:Listen"] = "127.0.0.1:0",
        ["Enum:Listen"] = "127.0.0.1:0",
        ["Dundi:Listen"] = $"127.0.0.1:{dundiB}",
        ["Dundi:Peers:0:Id"] = EidA,
        ["Dundi:Peers:0:Host"] = "127.0.0.1",
        ["Dundi:Peers:0:Model"] = "inbound",
        ["Dundi:Peers:0:Permit:0"] = "e164",
        ["Dundi:Peers:0:Qualify"] = "false",
        ["Ranges:0:Pattern"] = "_5XXX",
        ["Ranges:0:Routes:0:Uri"] = "iax2:pbx-c.example.net/${NUMBER}",
        ["Ranges:0:Routes:0:Weight"] = "10",
        ["Ranges:0:Routes:1:Uri"] = "sip:${NUMBER}@pbx-c.example.net",
        ["Ranges:0:Routes:1:Weight"] = "20",
    };

    private static Dictionary<string, string?> Settings(string data, int agiPort, int dundiA, int dundiB) => new()
    {
        ["Node:DataDirectory"] = data,
        ["Node:Id"] = EidA,
        ["Http:Listen"] = "127.0.0.1:0",
        ["Admin:Listen"] = "127.0.0.1:0",
        ["Agi:Listen"] = $"127.0.0.1:{agiPort}",
        ["Enum:Listen"] = "127.0.0.1:0",
        ["Dundi:Listen"] = $"127.0.0.1:{dundiA}",
        ["Dundi:Peers:0:Id"] = EidB,
        ["Dundi:Peers:0:Host"] = "127.0.0.1",
        ["Dundi:Peers:0:Port"] = dundiB.ToString(CultureInfo.InvariantCulture),
        ["Dundi:Peers:0:Model"] = "outbound",
        ["Dundi:Peers:0:Include:0"] = "e164",
        ["Dundi:Peers:0:Qualify"] = "false",
        ["Ranges:0:Pattern"] = "_3XXX",
        ["Ranges:0:Routes:0:Uri"] = "iax2:pbx-a.example.net/${NUMBER}",
        ["Ranges:1:Pattern"] = "_4XXX",
        ["Ranges:1:Routes:0:Uri"] = "iax2:pbx-b.example.net/${NUMBER}",
        ["Ranges:1:Routes:0:Weight"] = "10",
        ["Ranges:1:Routes:1:Uri"] = "sip:${NUMBER}@pbx-b.example.net",
        ["Ranges:1:Routes:1:Weight"] = "20",
        ["Ranges:2:Pattern"] = "+15550100000-+15550199999",
        ["Ranges:2:Routes:0:Uri"] = "sip:${NUMBER:-4}@gw.example.net",
        ["Ranges:3:Pattern"] = "4001",
        ["Ranges:3:Routes:0:Uri"] = "iax2:pbx-b2.example.net/${NUMBER}",
    };

    private static string Number(int first, int worker, int i) => (first + (((worker * 97) + i) % 1000)).ToString(CultureInfo.InvariantCulture);

    private static async Task<DoorResult> MeasureAgiAsync(IPEndPoint agi, int workers, TimeSpan duration, int first, string kind)
    {
        var headers = Enumerable.Range(0, 1000).Select(i => AgiSessionDriver.Header(agi, (first + i).ToString(CultureInfo.InvariantCulture))).ToArray();
        var recorders = Enumerable.Range(0, workers).Select(_ => new LatencyRecorder()).ToArray();
        var stop = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var driver = new AgiSessionDriver(agi);
            var recorder = recorders[w];
            for (var i = 0; Stopwatch.GetTimestamp() < stop; i++)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    if (await driver.RunAsync(headers[((w * 97) + i) % headers.Length], CancellationToken.None))
                    {
                        recorder.Success(start);
                    }
                    else
                    {
                        recorder.Failure();
                    }
                }
                catch (SocketException)
                {
                    recorder.Failure();
                }
            }
        })));
        return DoorResult.From($"FastAGI sessions, {kind} answers", workers, Stopwatch.GetElapsedTime(started), recorders);
    }

    private static async Task<DoorResult> MeasureHttpAsync(Uri http, int workers, TimeSpan duration, int first, string kind)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = workers, UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { BaseAddress = http };
        var recorders = Enumerable.Range(0, workers).Select(_ => new LatencyRecorder()).ToArray();
        var stop = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var recorder = recorders[w];
            for (var i = 0; Stopwatch.GetTimestamp() < stop; i++)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(new Uri($"/lookup/{Number(first, w, i)}?timeout=0.5", UriKind.Relative));
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.IsSuccessStatusCode && body.StartsWith("IAX2/", StringComparison.Ordinal))
                    {
                        recorder.Success(start);
                    }
                    else
                    {
                        recorder.Failure();
                    }
                }
                catch (HttpRequestException)
                {
                    recorder.Failure();
                }
            }
        })));
        return DoorResult.From($"HTTP lookups (keep-alive), {kind} answers", workers, Stopwatch.GetElapsedTime(started), recorders);
    }

    private static void Print(DoorResult r) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Door}: {r.PerSecond:F0}/s, p50 {r.P50Ms:F2} ms, p90 {r.P90Ms:F2} ms, p99 {r.P99Ms:F2} ms, max {r.MaxMs:F1} ms, {r.Failures} failures"));

    private static string Report(IReadOnlyList<DoorResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("# Front doors: FastAGI and HTTP, local and cached answers");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd} by `tests/bench/NumberDirectory.Bench.Doors` (Release), one node in-process on 127.0.0.1,");
        text.AppendLine(CultureInfo.InvariantCulture, $"client and node sharing the same {Environment.ProcessorCount} cores; .NET {Environment.Version}, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.ProcessArchitecture}.");
        text.AppendLine("*Local*: numbers the measured node publishes (`_4XXX`, two routes). *Cached*: numbers a second in-process node");
        text.AppendLine("publishes (`_5XXX`, two routes), learned once over DUNDi before the run and answered from the cache. Nothing waits on a peer.");
        text.AppendLine("A FastAGI session is what one `AGI()` call costs: connect, header, 13 `SET VARIABLE` round trips (two routes), close.");
        text.AppendLine("An HTTP lookup is one `GET /lookup/{number}` on a pooled keep-alive connection.");
        text.AppendLine();
        text.AppendLine("| door | workers | seconds | completed | per second | p50 ms | p90 ms | p99 ms | max ms | failures |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Door} | {r.Workers} | {r.Duration.TotalSeconds:F1} | {r.Completed} | {r.PerSecond:F0} | {r.P50Ms:F2} | {r.P90Ms:F2} | {r.P99Ms:F2} | {r.MaxMs:F1} | {r.Failures} |");
        }

        text.AppendLine();
        text.AppendLine("Targets for context: at least 5,000 FastAGI sessions/s and 20,000 HTTP lookups/s with p99 under 5 ms on 2 cores.");
        text.AppendLine("The client runs on the same cores as the node, so these figures understate what a node alone can serve.");
        text.AppendLine();
        text.AppendLine("Reading: a FastAGI session is ~13 strictly sequential round trips (Asterisk reads AGI commands one line at a time");
        text.AppendLine("through a buffered stream and waits on the socket between them, so sending them ahead would stall it), plus a TCP");
        text.AppendLine("connect and close; its rate is bound by those round trips, shared with the client on two cores, not by the lookup,");
        text.AppendLine("which is the same one HTTP serves tens of thousands of times a second. The 5,000 sessions/s target is not met here.");
        return text.ToString();
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NumberDirectory.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("NumberDirectory.sln not found above the benchmark");
    }
}
