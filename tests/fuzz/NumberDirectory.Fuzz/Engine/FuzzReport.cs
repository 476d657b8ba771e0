using System.Globalization;
using System.Text;

namespace NumberDirectory.Fuzz.Engine;

/// <summary>What one run of one target did: inputs tried, crashes and hangs (with their inputs), outcomes, time and memory.</summary>
public sealed record FuzzReport(
    string Target,
    int Seed,
    long Inputs,
    long Crashes,
    long Hangs,
    IReadOnlyDictionary<string, long> Outcomes,
    IReadOnlyList<FuzzFinding> Findings,
    TimeSpan Elapsed,
    long PeakWorkingSetBytes,
    long ManagedHeapBytes)
{
    /// <summary>True when nothing threw and nothing hung.</summary>
    public bool Clean => Crashes == 0 && Hangs == 0;

    /// <summary>One line: the figures tests/fuzz/README.md records.</summary>
    public string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"fuzz {Target}: {Inputs} inputs (seed {Seed}), {Crashes} crashes, {Hangs} hangs, {Outcomes.Count} distinct outcomes, " +
        $"{Elapsed.TotalSeconds:F1} s ({Inputs / Math.Max(Elapsed.TotalSeconds, 0.001):F0}/s), " +
        $"peak working set {PeakWorkingSetBytes / (1024 * 1024)} MiB, managed heap after {ManagedHeapBytes / (1024 * 1024)} MiB");

    /// <summary>The summary, every outcome with its count and every finding.</summary>
    public string Describe()
    {
        var text = new StringBuilder(Summary).AppendLine();
        foreach (var (outcome, count) in Outcomes.OrderByDescending(o => o.Value).ThenBy(o => o.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {count,9} {outcome}").AppendLine();
        }

        foreach (var finding in Findings)
        {
            text.AppendLine(finding.ToString());
        }

        return text.ToString();
    }
}
