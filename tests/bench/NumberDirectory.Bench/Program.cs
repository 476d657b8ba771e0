using NumberDirectory.Bench;

// One argument per benchmark, so each can be run on its own.
var benchmarks = new Dictionary<string, Func<int>>(StringComparer.Ordinal)
{
    ["index"] = PatternIndexBenchmark.Run,
};

if (args.Length != 1 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: NumberDirectory.Bench <{string.Join('|', benchmarks.Keys)}>");
    return 2;
}

return run();
