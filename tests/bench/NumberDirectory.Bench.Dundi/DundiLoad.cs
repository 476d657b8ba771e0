using System.Diagnostics;

using NumberDirectory.Bench.Doors;

namespace NumberDirectory.Bench.Dundi;

/// <summary>
/// Runs N <see cref="DundiLoadClient"/>s against a node for a fixed time, each waiting for its answer
/// before the next query. The same clients serve every run: a new socket could get a port the node
/// saw moments ago and repeat a transaction id it still remembers (for 5 s), which it would take for
/// a retransmission.
/// </summary>
internal static class DundiLoad
{
    public static async Task<LoadResult> RunAsync(LoadScenario scenario, IReadOnlyList<DundiLoadClient> pool, TimeSpan duration)
    {
        var clients = pool.Count;
        var queries = Enumerable.Range(0, clients)
            .Select(c => scenario.Numbers.Where((_, i) => i % clients == c)
                .Select(n => DundiLoadClient.Query(BenchMesh.ClientEid, n, scenario.BypassCache)).ToArray())
            .ToArray();
        var recorders = Enumerable.Range(0, clients).Select(_ => new LatencyRecorder()).ToArray();
        var lastHopBefore = scenario.LastHop?.Invoke();
        var cpuBefore = CpuTime();
        var started = Stopwatch.GetTimestamp();
        var stop = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var client = pool[c];
            var mine = queries[c];
            var recorder = recorders[c];
            for (var i = 0; Stopwatch.GetTimestamp() < stop; i++)
            {
                var start = Stopwatch.GetTimestamp();
                if (await client.LookupAsync(mine[i % mine.Length]))
                {
                    recorder.Success(start);
                }
                else
                {
                    recorder.Failure();
                }
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = CpuTime() - cpuBefore;
        var (p50, p90, p99, max) = LatencyRecorder.Percentiles(recorders);
        return new LoadResult(
            scenario.Name,
            clients,
            elapsed,
            recorders.Sum(r => r.Count),
            recorders.Sum(r => r.Failures),
            p50,
            p90,
            p99,
            max,
            cpu,
            scenario.LastHop?.Invoke() - lastHopBefore);
    }

    /// <summary>Asks every number of the scenario once, one client per slice, to fill caches.</summary>
    public static async Task<int> AskEachOnceAsync(LoadScenario scenario, IReadOnlyList<DundiLoadClient> pool)
    {
        var clients = pool.Count;
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var client = pool[c];
            foreach (var number in scenario.Numbers.Where((_, i) => i % clients == c))
            {
                if (!await client.LookupAsync(DundiLoadClient.Query(BenchMesh.ClientEid, number, scenario.BypassCache)))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));
        return failures;
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
