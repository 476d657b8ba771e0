using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace NumberDirectory.Bench.Soak;

/// <summary>
/// Starts nodes A and B as processes of their own, drives mixed load at every door of A and a hostile
/// stream at its DUNDi port from this process, samples both nodes every window, stops the hostile stream
/// 30 s before the end, then waits for the open DUNDi transactions to drain, and writes the report.
/// </summary>
internal static class SoakBenchmark
{
    private static readonly TimeSpan HostileQuietTail = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DrainWait = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var sampleSeconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var duration = TimeSpan.FromMinutes(minutes);
        var sampleEvery = TimeSpan.FromSeconds(sampleSeconds);
        var hostileFor = duration - (HostileQuietTail < duration / 2 ? HostileQuietTail : duration / 2);
        var rates = new SoakRates();
        var root = RepositoryRoot();
        var configuration = typeof(SoakBenchmark).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var serverDll = Path.Combine(root, "src", "NumberDirectory.Server", "bin", configuration, "net10.0", "NumberDirectory.Server.dll");
        var command = $"dotnet run -c {configuration} --project tests/bench/NumberDirectory.Bench.Soak -- {minutes.ToString(CultureInfo.InvariantCulture)} {sampleSeconds.ToString(CultureInfo.InvariantCulture)}";

        await using var mesh = await SoakMesh.StartAsync(serverDll);
        Console.WriteLine($"{mesh.A} and {mesh.B} ready; {duration.TotalMinutes} min, a sample every {sampleEvery.TotalSeconds} s");
        using var samplerA = new NodeSampler(mesh.A);
        using var samplerB = new NodeSampler(mesh.B);
        var doors = new[] { "http", "agi", "enum-udp", "enum-tcp", "dundi" }.Select(d => new DoorStats(d)).ToArray();
        await WarmClientsAsync(mesh, doors);
        foreach (var door in doors)
        {
            door.Take();
        }

        var startedUtc = DateTime.UtcNow;
        var begin = Stopwatch.GetTimestamp();
        long At(TimeSpan offset) => begin + (long)(offset.TotalSeconds * Stopwatch.Frequency);
        using var hostile = new HostileStream(mesh.A.Endpoints.Dundi);
        var baseline = await WindowAsync(TimeSpan.Zero, samplerA, samplerB, doors, hostile, hostileOn: false);
        using var stop = new CancellationTokenSource();
        var load = LoadAsync(mesh, doors, rates, At(duration));
        var hostileRun = hostile.RunAsync(rates.HostilePerSecond, At(hostileFor), stop.Token);

        var windows = new List<SoakWindow>();
        using var tick = new PeriodicTimer(sampleEvery);
        while (Stopwatch.GetElapsedTime(begin) < duration - (sampleEvery / 2) && await tick.WaitForNextTickAsync())
        {
            var elapsed = Stopwatch.GetElapsedTime(begin);
            var window = await WindowAsync(elapsed, samplerA, samplerB, doors, hostile, hostileOn: elapsed <= hostileFor + sampleEvery);
            windows.Add(window);
            Console.WriteLine(SoakReport.ConsoleLine(window, windows.Count > 1 ? windows[^2] : baseline));
        }

        await load;
        await hostileRun;
        var last = await WindowAsync(Stopwatch.GetElapsedTime(begin), samplerA, samplerB, doors, hostile, hostileOn: false);
        if (last.Doors.Sum(d => d.Answers + d.ErrorCount) > 0)
        {
            windows.Add(last);
        }

        var drain = await DrainAsync(samplerA, samplerB);
        var run = new SoakRun(startedUtc, command, configuration, duration, sampleEvery, hostileFor, rates, baseline, windows, drain);
        var report = SoakReport.Render(run);
        await File.WriteAllTextAsync(Path.Combine(root, "tests", "bench", "results", "soak.md"), report);
        Console.WriteLine(SoakVerdict.Judge(run).Summary);
        return 0;
    }

    private static Task LoadAsync(SoakMesh mesh, DoorStats[] doors, SoakRates rates, long until)
    {
        var a = mesh.A.Endpoints;
        var http = new HttpLoad(a.Http, doors[0]);
        var agi = new AgiLoad(a.Agi, doors[1]);
        var enumUdp = Enumerable.Range(0, rates.EnumUdpWorkers).Select(_ => new EnumLoad(a.Enum, doors[2], doors[3])).ToArray();
        var enumTcp = new EnumLoad(a.Enum, doors[2], doors[3]);
        var dundi = Enumerable.Range(0, rates.DundiWorkers).Select(_ => new DundiPeerLoad(a.Dundi, doors[4])).ToArray();
        NumberMix[] Mixes(int workers, int seed) =>
            [.. Enumerable.Range(0, workers).Select(w => new NumberMix(rates.LocalPercent, rates.RemotePercent, seed + w))];
        var httpMix = Mixes(rates.HttpWorkers, 1000);
        var agiMix = Mixes(rates.AgiWorkers, 2000);
        var enumMix = Mixes(rates.EnumUdpWorkers, 3000);
        var tcpMix = Mixes(1, 4000);

        // The peer asks for published numbers only, half A's and half B's: a miss is not what a peer sends.
        var dundiMix = Enumerable.Range(0, rates.DundiWorkers).Select(w => new NumberMix(50, 50, 5000 + w)).ToArray();
        var loops = new[]
        {
            PacedLoop.RunAsync(rates.HttpPerSecond, rates.HttpWorkers, until, w => Next(httpMix[w], http.LookupAsync)),
            PacedLoop.RunAsync(rates.AgiPerSecond, rates.AgiWorkers, until, w => Next(agiMix[w], agi.LookupAsync)),
            PacedLoop.RunAsync(rates.EnumUdpPerSecond, rates.EnumUdpWorkers, until, w => Next(enumMix[w], enumUdp[w].UdpAsync)),
            PacedLoop.RunAsync(rates.EnumTcpPerSecond, 1, until, _ => enumTcp.TcpAsync([.. Enumerable.Range(0, rates.EnumTcpQueries).Select(_ => tcpMix[0].Next())])),
            PacedLoop.RunAsync(rates.DundiPerSecond, rates.DundiWorkers, until, w => dundi[w].LookupAsync(dundiMix[w].Next().Number)),
        };
        return Task.WhenAll(loops).ContinueWith(
            _ =>
            {
                http.Dispose();
                enumTcp.Dispose();
                foreach (var client in enumUdp)
                {
                    client.Dispose();
                }

                foreach (var client in dundi)
                {
                    client.Dispose();
                }
            },
            TaskScheduler.Default);
    }

    private static Task Next(NumberMix mix, Func<NumberKind, string, Task> lookup)
    {
        var (kind, number) = mix.Next();
        return lookup(kind, number);
    }

    /// <summary>A few lookups on every door before anything is measured, so the clients' own first use (JIT, connections) is not in the first window.</summary>
    private static async Task WarmClientsAsync(SoakMesh mesh, DoorStats[] doors)
    {
        var a = mesh.A.Endpoints;
        using var http = new HttpLoad(a.Http, doors[0]);
        var agi = new AgiLoad(a.Agi, doors[1]);
        using var enumLoad = new EnumLoad(a.Enum, doors[2], doors[3]);
        using var dundi = new DundiPeerLoad(a.Dundi, doors[4]);
        for (var i = 0; i < 20; i++)
        {
            var local = (3000 + i).ToString(CultureInfo.InvariantCulture);
            await http.LookupAsync(NumberKind.Local, local);
            await agi.LookupAsync(NumberKind.Local, local);
            await enumLoad.UdpAsync(NumberKind.Local, local);
            await enumLoad.TcpAsync([(NumberKind.Local, local)]);
            await dundi.LookupAsync(local);
        }
    }

    private static async Task<SoakWindow> WindowAsync(TimeSpan elapsed, NodeSampler a, NodeSampler b, DoorStats[] doors, HostileStream hostile, bool hostileOn)
    {
        var sampleA = await a.SampleAsync(CancellationToken.None);
        var sampleB = await b.SampleAsync(CancellationToken.None);
        return new SoakWindow(
            elapsed,
            sampleA,
            sampleB,
            [.. doors.Select(d => d.Take())],
            hostileOn,
            hostile.Sent,
            hostile.SentBytes,
            hostile.Replies,
            hostile.ReplyBytes,
            Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);
    }

    /// <summary>With all load stopped, waits (up to <see cref="DrainWait"/>) for both nodes' open DUNDi transactions to reach 0.</summary>
    private static async Task<SoakDrain> DrainAsync(NodeSampler a, NodeSampler b)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan? aZero = null;
        TimeSpan? bZero = null;
        NodeSample sampleA;
        NodeSample sampleB;
        while (true)
        {
            sampleA = await a.SampleAsync(CancellationToken.None);
            sampleB = await b.SampleAsync(CancellationToken.None);
            aZero ??= sampleA.Transactions == 0 ? clock.Elapsed : null;
            bZero ??= sampleB.Transactions == 0 ? clock.Elapsed : null;
            if ((aZero is not null && bZero is not null) || clock.Elapsed > DrainWait)
            {
                return new SoakDrain(aZero, bZero, clock.Elapsed, sampleA, sampleB);
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
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
