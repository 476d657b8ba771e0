using System.Globalization;
using NumberDirectory.Core.Lookup;

namespace NumberDirectory.Bench.Dundi;

/// <summary>
/// Starts A, B and C in this process (A–B and B–C peer over DUNDi on loopback; A publishes _3XXXX and _6XXXX,
/// B _4XXXX, C _5XXXX), drives A with raw DUNDi clients for four scenarios, then times lookups
/// with a dead peer. Writes <c>tests/bench/results/dundi.md</c>.
/// Usage: <c>dotnet run -c Release --project tests/bench/NumberDirectory.Bench.Dundi -- [seconds] [clients]</c>.
/// </summary>
internal static class DundiBenchmark
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 8;
        var clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        var duration = TimeSpan.FromSeconds(Math.Min(seconds, 10));
        var results = new List<LoadResult>();
        await using (var mesh = await new BenchMesh()
            .Node("A", "_3XXXX", "_6XXXX")
            .Node("B", "_4XXXX")
            .Node("C", "_5XXXX")
            .Link("A", "B")
            .Link("B", "C")
            .StartAsync())
        {
            Console.WriteLine($"A {mesh.Dundi("A")}, B {mesh.Dundi("B")}, C {mesh.Dundi("C")}; {duration.TotalSeconds} s per scenario after {WarmUp.TotalSeconds} s warm-up, {clients} clients");
            long Answered(string node) => mesh.Metrics(node).Lookups("dundi", LookupStatus.Found);
            LoadScenario[] scenarios =
            [
                new("local answer (A publishes it)", Numbers(30000, 1000), BypassCache: false, LastHop: null),
                new("cached answer (A learned it from B)", Numbers(40000, 1000), BypassCache: false, LastHop: () => Answered("B")),
                new("1-hop miss (A asks B, CACHEBYPASS)", Numbers(41000, 1000), BypassCache: true, LastHop: () => Answered("B")),
                new("3-hop chain (A asks B asks C, CACHEBYPASS)", Numbers(50000, 1000), BypassCache: true, LastHop: () => Answered("C")),
                new("local answer, 20,000 distinct numbers", [.. Numbers(30000, 10000), .. Numbers(60000, 10000)], BypassCache: false, LastHop: null),
            ];

            var pool = Enumerable.Range(0, clients).Select(_ => new DundiLoadClient(mesh.Dundi("A"))).ToList();
            foreach (var scenario in scenarios)
            {
                await DundiLoad.RunAsync(scenario, pool, WarmUp);
                var result = await DundiLoad.RunAsync(scenario, pool, duration);
                Console.WriteLine(DundiReport.Line(result));
                results.Add(result);
            }

            pool.ForEach(c => c.Dispose());
        }

        Console.WriteLine("dead peer: qualify off, then on…");
        var dead = await DeadPeerBenchmark.RunAsync();
        foreach (var line in DundiReport.DeadPeerLines(dead))
        {
            Console.WriteLine(line);
        }

        var file = Path.Combine(RepositoryRoot(), "tests", "bench", "results", "dundi.md");
        await File.WriteAllTextAsync(file, DundiReport.Markdown(results, dead, clients));
        Console.WriteLine($"written {Path.GetRelativePath(RepositoryRoot(), file)}");
        return results.Sum(r => r.Failures) == 0 ? 0 : 1;
    }

    private static string[] Numbers(int first, int count) =>
        [.. Enumerable.Range(first, count).Select(n => n.ToString(CultureInfo.InvariantCulture))];

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
