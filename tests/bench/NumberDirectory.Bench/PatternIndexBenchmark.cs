using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Bench;

/// <summary>
/// <see cref="PatternIndex{T}"/> against a linear scan with <see cref="NumberPattern.Match"/>:
/// build time, memory, and lookup cost for hits and misses at 10k, 100k and 1M entries.
/// </summary>
internal static class PatternIndexBenchmark
{
    private const int Lookups = 20_000;
    private const int NaiveLookups = 200;
    private const int NaiveLimit = 100_000;

    public static int Run()
    {
        var rows = new List<string>();
        foreach (var size in (int[])[10_000, 100_000, 1_000_000])
        {
            var row = Measure(size);
            Console.WriteLine(row);
            rows.Add(row);
        }

        var path = Write(rows);
        Console.WriteLine($"written to {path}");
        return 0;
    }

    private static string Measure(int size)
    {
        var random = new Random(size);
        var before = Timing.HeapBytes();
        var entries = Workload(size, random);
        var patternBytes = (Timing.HeapBytes() - before) / (double)size;

        PatternIndex<int>? index = null;
        var buildMs = Timing.MedianNanoseconds(1, () =>
        {
            index = null;
            index = Build(entries);
        }) / 1e6;
        index = null;
        var heap = Timing.HeapBytes();
        index = Build(entries);
        var indexBytes = (Timing.HeapBytes() - heap) / (double)size;

        var hits = Enumerable.Range(0, Lookups).Select(_ => entries[random.Next(entries.Count)].Number).ToArray();
        var misses = Misses(index, random);
        var sink = 0;
        var hitNs = Timing.MedianNanoseconds(hits.Length, () =>
        {
            foreach (var number in hits)
            {
                sink += index.Find(number).Exists.Count;
            }
        });
        var missNs = Timing.MedianNanoseconds(misses.Length, () =>
        {
            foreach (var number in misses)
            {
                sink += index.Find(number).DeadPrefixLength;
            }
        });

        var matchesPerHit = hits.Average(n => index.Find(n).Exists.Count);
        var naiveHit = size <= NaiveLimit ? Naive(entries, hits) : double.NaN;
        var naiveMiss = size <= NaiveLimit ? Naive(entries, misses) : double.NaN;
        GC.KeepAlive(sink);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {size:N0} | {matchesPerHit:F1} | {buildMs:F0} | {indexBytes:F0} | {patternBytes:F0} | {hitNs:F0} | {missNs:F0} | {Cell(naiveHit)} | {Cell(naiveMiss)} | {Ratio(naiveHit, hitNs)} | {Ratio(naiveMiss, missNs)} |");
    }

    // 90% explicit 7-digit numbers, 10% fixed-length blocks like _2XX[0-4]XXX, and a few '.' patterns
    // for international prefixes. Numbers start with 2-9 so the '_0…' patterns never hit them.
    private static List<(NumberPattern Pattern, string Number)> Workload(int size, Random random)
    {
        var entries = new List<(NumberPattern, string)>(size);
        for (var i = 0; i < 20; i++)
        {
            entries.Add((NumberPattern.Parse($"_0{i:D2}."), $"0{i:D2}4412345"));
        }

        while (entries.Count < size)
        {
            var number = random.Next(2_000_000, 10_000_000).ToString(CultureInfo.InvariantCulture);
            if (random.Next(10) == 0)
            {
                var low = random.Next(5);
                var text = $"_{number[..4]}[{low}-{low + random.Next(5)}]XX";
                entries.Add((NumberPattern.Parse(text), string.Concat(number.AsSpan(0, 4), low.ToString(CultureInfo.InvariantCulture), "00")));
            }
            else
            {
                entries.Add((NumberPattern.Parse(number), number));
            }
        }

        return entries;
    }

    private static PatternIndex<int> Build(List<(NumberPattern Pattern, string Number)> entries)
    {
        var index = new PatternIndex<int>();
        for (var i = 0; i < entries.Count; i++)
        {
            index.Add(entries[i].Pattern, i);
        }

        return index;
    }

    private static string[] Misses(PatternIndex<int> index, Random random)
    {
        var misses = new List<string>(Lookups);
        while (misses.Count < Lookups)
        {
            var number = random.Next(2_000_000, 10_000_000).ToString(CultureInfo.InvariantCulture);
            if (!index.Find(number).HasExists)
            {
                misses.Add(number);
            }
        }

        return [.. misses];
    }

    private static double Naive(List<(NumberPattern Pattern, string Number)> entries, string[] numbers)
    {
        var sample = numbers.AsSpan(0, NaiveLookups).ToArray();
        var sink = 0;
        var ns = Timing.MedianNanoseconds(sample.Length, () =>
        {
            foreach (var number in sample)
            {
                foreach (var entry in entries)
                {
                    sink += (int)entry.Pattern.Match(number);
                }
            }
        });
        GC.KeepAlive(sink);
        return ns;
    }

    private static string Cell(double ns) => double.IsNaN(ns) ? "–" : ns.ToString("F0", CultureInfo.InvariantCulture);

    private static string Ratio(double naive, double indexed) =>
        double.IsNaN(naive) ? "–" : (naive / indexed).ToString("N0", CultureInfo.InvariantCulture) + "×";

    private static string Write(List<string> rows)
    {
        var directory = new DirectoryInfo(Environment.CurrentDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NumberDirectory.sln")))
        {
            directory = directory.Parent;
        }

        var root = directory?.FullName ?? Environment.CurrentDirectory;
        var path = Path.Combine(root, "tests", "bench", "results", "pattern-index.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = new StringBuilder()
            .AppendLine("# PatternIndex benchmark")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; nproc {Environment.ProcessorCount}; {RuntimeInformation.FrameworkDescription}; {RuntimeInformation.OSDescription}; {RuntimeInformation.ProcessArchitecture}.")
            .AppendLine()
            .AppendLine("Workload: 90% explicit 7-digit numbers, 10% blocks like `_2345[0-4]XX`, 20 `_0NN.` patterns.")
            .AppendLine(CultureInfo.InvariantCulture, $"Lookups: {Lookups:N0} hits (numbers of published entries) and {Lookups:N0} misses (random 7-digit numbers no entry matches) per round;")
            .AppendLine(CultureInfo.InvariantCulture, $"warm-up (≥ 0.5 s) then median of {Timing.Rounds} rounds. Linear scan: {NaiveLookups} lookups, sizes up to {NaiveLimit:N0} only.")
            .AppendLine("Memory: managed heap after a full GC, before and after building (index) or parsing (patterns).")
            .AppendLine()
            .AppendLine("| entries | matches per hit | build ms | index bytes/entry | pattern bytes/entry | hit ns | miss ns | linear hit ns | linear miss ns | hit speed-up | miss speed-up |")
            .AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            text.AppendLine(row);
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }
}
