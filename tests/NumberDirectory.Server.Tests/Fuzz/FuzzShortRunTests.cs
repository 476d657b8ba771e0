using System.Globalization;
using NumberDirectory.Fuzz.Engine;
using NumberDirectory.Fuzz.Targets;
using Xunit.Abstractions;

namespace NumberDirectory.Server.Tests.Fuzz;

/// <summary>
/// The short fuzz run of every target, with a fixed seed so a failure reproduces: 100,000 inputs for each
/// parser, codec and DUNDi target (20,000 NAPTR regexps, each compiled), a sample of whole sessions for the
/// FastAGI and HTTP doors of a real node.
/// Each report line also goes to the file named by <c>ND_FUZZ_REPORT</c>, which .ci/run prints.
/// tests/fuzz/README.md has the long runs and how to reproduce a finding.
/// </summary>
public sealed class FuzzShortRunTests(ITestOutputHelper output)
{
    public const int Seed = 20261201;

    private static readonly Lock ReportGate = new();

    public static TheoryData<string, int> Targets()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in FuzzTargets.Names)
        {
            // A session costs a connection and a lookup on a real node; the parsers behind them get their 100,000 alone.
            // A NAPTR regexp that parses is compiled for the non-backtracking engine, some 0.1 ms each.
            data.Add(name, name switch
            {
                "agi-session" or "http-lookup" => 2_000,
                "naptr-regexp" => 20_000,
                _ => 100_000,
            });
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void ShortRun_Target_NeitherCrashesNorHangs(string target, int inputs)
    {
        using var fuzzed = FuzzTargets.Create(target);

        var report = FuzzRunner.Run(fuzzed, new FuzzRunOptions { Seed = Seed, Inputs = inputs, InputTimeout = TimeSpan.FromSeconds(30) });

        output.WriteLine(report.Describe());
        if (Environment.GetEnvironmentVariable("ND_FUZZ_REPORT") is { Length: > 0 } file)
        {
            lock (ReportGate)
            {
                File.AppendAllText(file, report.Summary + Environment.NewLine);
            }
        }

        Assert.True(report.Clean, report.Describe());
        Assert.Equal(inputs, report.Inputs);
    }

    [Fact]
    public void ShortRun_SameSeed_SameOutcomes()
    {
        using var first = FuzzTargets.Create("dundi-codec");
        using var second = FuzzTargets.Create("dundi-codec");
        var options = new FuzzRunOptions { Seed = Seed, Inputs = 5_000 };

        var a = FuzzRunner.Run(first, options);
        var b = FuzzRunner.Run(second, options);

        Assert.Equal(
            a.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Key}={o.Value}")),
            b.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Key}={o.Value}")));
    }
}
