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
        var app = NumberDirectoryNode.Create([], Path.GetTempPath(), builder =>
        {
            builder.Configuration.AddInMemoryCollection(Settings(data, agiPort));
            builder.Logging.ClearProviders();
        });
        await app.StartAsync();
        try
        {
            var http = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var agi = new IPEndPoint(IPAddress.Loopback, agiPort);
            Console.WriteLine($"node up: HTTP {http}, FastAGI {agi}; {seconds} s per door, {workers} workers");

            await MeasureAgiAsync(agi, workers, TimeSpan.FromSeconds(2));
            var agiResult = await MeasureAgiAsync(agi, workers, duration);
            Print(agiResult);
            await MeasureHttpAsync(http, workers, TimeSpan.FromSeconds(2));
            var httpResult = await MeasureHttpAsync(http, workers, duration);
            Print(httpResult);

            var report = Report([agiResult, httpResult]);
            var file = Path.Combine(RepositoryRoot(), "tests", "bench", "results", "doors.md");
            await File.WriteAllTextAsync(file, report);
            Console.WriteLine($"written {Path.GetRelativePath(RepositoryRoot(), file)}");
            return agiResult.Failures + httpResult.Failures == 0 ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    private static Dictionary<string, string?> Settings(string data, int agiPort) => new()
    {
        ["Node:DataDirectory"] = data,
        ["Http:Listen"] = "127.0.0.1:0",
        ["Agi:Listen"] = $"127.0.0.1:{agiPort}",
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

    private static string Number(int worker, int i) => (4000 + ((worker * 97) + i) % 1000).ToString(CultureInfo.InvariantCulture);

    private static async Task<DoorResult> MeasureAgiAsync(IPEndPoint agi, int workers, TimeSpan duration)
    {
        var headers = Enumerable.Range(0, 1000).Select(i => AgiSessionDriver.Header(agi, (4000 + i).ToString(CultureInfo.InvariantCulture))).ToArray();
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
        return DoorResult.From("FastAGI sessions", workers, Stopwatch.GetElapsedTime(started), recorders);
    }

    private static async Task<DoorResult> MeasureHttpAsync(Uri http, int workers, TimeSpan duration)
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
                    using var response = await client.GetAsync(new Uri($"/lookup/{Number(w, i)}?timeout=0.5", UriKind.Relative));
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
        return DoorResult.From("HTTP lookups (keep-alive)", workers, Stopwatch.GetElapsedTime(started), recorders);
    }

    private static void Print(DoorResult r) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Door}: {r.PerSecond:F0}/s, p50 {r.P50Ms:F2} ms, p90 {r.P90Ms:F2} ms, p99 {r.P99Ms:F2} ms, max {r.MaxMs:F1} ms, {r.Failures} failures"));

    private static string Report(IReadOnlyList<DoorResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("# Front doors: FastAGI and HTTP, local answers");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd} by `tests/bench/NumberDirectory.Bench.Doors` (Release), one node in-process on 127.0.0.1,");
        text.AppendLine(CultureInfo.InvariantCulture, $"client and node sharing the same {Environment.ProcessorCount} cores; .NET {Environment.Version}, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.ProcessArchitecture}.");
        text.AppendLine("Numbers are all published by the node (`_4XXX`, two routes), so nothing waits on a peer.");
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
        return text.ToString();
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
