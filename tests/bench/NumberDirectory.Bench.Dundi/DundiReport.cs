using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace NumberDirectory.Bench.Dundi;

/// <summary>Console lines and the Markdown results file, targets checked against what was measured.</summary>
internal static class DundiReport
{
    public static string Line(LoadResult r) => string.Create(
        CultureInfo.InvariantCulture,
        $"{r.Scenario}: {r.PerSecond:F0}/s, p50 {r.P50Ms:F3} ms, p90 {r.P90Ms:F3} ms, p99 {r.P99Ms:F3} ms, max {r.MaxMs:F1} ms, {r.CpuMicrosPerLookup:F1} µs CPU/lookup, {r.Failures} failures{Forwarded(r)}");

    public static IEnumerable<string> DeadPeerLines(DeadPeerResult d)
    {
        foreach (var l in d.QualifyOff)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"qualify off: {l.Number} → {l.Status}, partial {l.Partial}, {l.Ms:F1} ms");
        }

        yield return d.KnownAfter is { } known
            ? string.Create(CultureInfo.InvariantCulture, $"qualify on: {d.PartialBeforeKnown.Count} partial lookups ({Times(d.PartialBeforeKnown)} ms), first complete one returned {known.TotalMilliseconds:F0} ms after the nodes began starting")
            : $"qualify on: still partial after {d.PartialBeforeKnown.Count} lookups";
        if (d.QualifyOn.Count > 0)
        {
            var (p50, max) = Spread(d.QualifyOn);
            yield return string.Create(CultureInfo.InvariantCulture, $"qualify on, once known: {d.QualifyOn.Count} lookups, median {p50:F2} ms, max {max:F2} ms, {d.QualifyOn.Count(l => l.Partial)} partial");
        }
    }

    public static string Markdown(IReadOnlyList<LoadResult> results, DeadPeerResult dead, int clients)
    {
        var text = new StringBuilder();
        text.AppendLine("# DUNDi: lookups/s, latency and CPU per lookup; answering with a dead peer");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd} by `tests/bench/NumberDirectory.Bench.Dundi` (Release), `nproc` = {Environment.ProcessorCount},");
        text.AppendLine(CultureInfo.InvariantCulture, $".NET {Environment.Version}, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.ProcessArchitecture}.");
        text.AppendLine("The machine is shared with other work, so the figures are noisy; compare runs on the same machine only.");
        text.AppendLine();
        text.AppendLine("Nodes A, B and C run in one process on 127.0.0.1 (A–B and B–C peer over DUNDi; A publishes `_3XXXX` and `_6XXXX`,");
        text.AppendLine(CultureInfo.InvariantCulture, $"B `_4XXXX`, C `_5XXXX`). {clients} clients, each its own UDP socket, play Asterisk towards A: DPDISCOVER with");
        text.AppendLine("VERSION, EID_DIRECT (an inbound peer of A), CALLED_NUMBER, CALLED_CONTEXT `e164`, TTL 32, a fresh transaction id per");
        text.AppendLine("query; each waits for DPRESPONSE|FINAL, answers ACK|FINAL, then sends its next query. Each client has its own slice");
        text.AppendLine("of the numbers, so no two queries for one number are in flight together. 2 s warm-up, then the measured run.");
        text.AppendLine("The first four scenarios cycle through 1,000 numbers each; the last asks 20,000 distinct local numbers to show");
        text.AppendLine("what a wide spread of numbers costs the DUNDi door.");
        text.AppendLine();
        text.AppendLine("| scenario | clients | seconds | completed | lookups/s | p50 ms | p90 ms | p99 ms | max ms | CPU µs/lookup | failures | last hop answered |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var forwarded = r.Forwarded is { } f ? f.ToString(CultureInfo.InvariantCulture) : "–";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Scenario} | {r.Clients} | {r.Duration.TotalSeconds:F1} | {r.Completed} | {r.PerSecond:F0} | {r.P50Ms:F3} | {r.P90Ms:F3} | {r.P99Ms:F3} | {r.MaxMs:F1} | {r.CpuMicrosPerLookup:F1} | {r.Failures} | {forwarded} |");
        }

        text.AppendLine();
        text.AppendLine("*Last hop answered*: DUNDi lookups the last node in the scenario answered during the run, from its own counters —");
        text.AppendLine("for the cached scenario it should be 0 (B is not asked); for the misses it should equal *completed*");
        text.AppendLine("(CACHEBYPASS on the query makes A, and B in turn, skip the cache and forward with CACHEBYPASS).");
        text.AppendLine();
        text.AppendLine("*CPU µs/lookup* is the process's CPU time during the run divided by completed lookups. The clients and all nodes");
        text.AppendLine(CultureInfo.InvariantCulture, $"share the process and its {Environment.ProcessorCount} cores, so it is an upper bound for the whole loop (client, every hop), not the node alone.");
        text.AppendLine();
        text.AppendLine("## Dead peer");
        text.AppendLine();
        text.AppendLine("A peers with live B (`_4XXXX`) and dead D (a loopback socket bound but never read: no reply, no ICMP error).");
        text.AppendLine("`GET /lookup/{number}?timeout=1` on A, a number not asked before each time.");
        text.AppendLine();
        text.AppendLine("| qualify | lookup | status | partial | ms |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var l in dead.QualifyOff)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| off | {l.Number} | {l.Status} | {(l.Partial ? "yes" : "no")} | {l.Ms:F1} |");
        }

        if (dead.QualifyOn.Count > 0)
        {
            var (p50, max) = Spread(dead.QualifyOn);
            text.AppendLine(CultureInfo.InvariantCulture, $"| on, D known unreachable | {dead.QualifyOn.Count} lookups | {string.Join('/', dead.QualifyOn.Select(l => l.Status).Distinct())} | {dead.QualifyOn.Count(l => l.Partial)} of {dead.QualifyOn.Count} | median {p50:F2}, max {max:F2} |");
        }

        text.AppendLine();
        text.AppendLine("With qualify on, A has `Dundi:RetransmitInitialMs` = 20 and `Dundi:MaxSends` = 2: its probe of D is sent twice at once and");
        text.AppendLine("given up `MaxSends` x `RetransmitMaxMs` (2 s) after the first send, when D is marked unreachable.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Lookups were polled until one came back complete: {dead.PartialBeforeKnown.Count} came back partial first ({Times(dead.PartialBeforeKnown)} ms),");
        text.AppendLine(dead.KnownAfter is { } known
            ? string.Create(CultureInfo.InvariantCulture, $"and the first complete one returned {known.TotalMilliseconds:F0} ms after the nodes began starting (startup included).")
            : "and none came back complete within the polls allowed.");
        text.AppendLine();
        text.AppendLine("## Against the targets");
        text.AppendLine();
        foreach (var line in Targets(results, dead))
        {
            text.AppendLine("* " + line);
        }

        return text.ToString();
    }

    private static IEnumerable<string> Targets(IReadOnlyList<LoadResult> results, DeadPeerResult dead)
    {
        foreach (var r in results.Take(2))
        {
            var met = r.PerSecond >= 30_000 && r.P99Ms < 1;
            yield return string.Create(CultureInfo.InvariantCulture, $"{r.Scenario}: ≥ 30,000 lookups/s with p99 < 1 ms — {(met ? "met" : "**missed**")} ({r.PerSecond:F0}/s, p99 {r.P99Ms:F3} ms).");
        }

        if (results.Count > 2)
        {
            var miss = results[2];
            yield return string.Create(CultureInfo.InvariantCulture, $"1-hop miss p50 < 2 ms — {(miss.P50Ms < 2 ? "met" : "**missed**")} (p50 {miss.P50Ms:F3} ms).");
        }

        var atDeadline = dead.QualifyOff.Count > 0 && dead.QualifyOff.All(l => l.Partial && l.Status == 200 && l.Ms >= 950 && l.Ms < 1100);
        yield return string.Create(CultureInfo.InvariantCulture, $"Dead peer, qualify off: returns at its deadline, partial — {(atDeadline ? "met" : "**missed**")} ({string.Join(", ", dead.QualifyOff.Select(l => l.Ms.ToString("F0", CultureInfo.InvariantCulture)))} ms for a 1 s deadline).");
        if (dead.QualifyOn.Count > 0)
        {
            var (p50, max) = Spread(dead.QualifyOn);
            yield return string.Create(CultureInfo.InvariantCulture, $"Dead peer, once qualify knows: within 5 ms — {(max <= 5 && dead.QualifyOn.All(l => !l.Partial) ? "met" : p50 <= 5 ? "met at the median, **missed** at the max" : "**missed**")} (median {p50:F2} ms, max {max:F2} ms).");
        }
        else
        {
            yield return "Dead peer, once qualify knows: within 5 ms — **not measured** (no complete lookup within the polls).";
        }
    }

    private static (double P50, double Max) Spread(IReadOnlyList<HttpLookup> lookups)
    {
        var ms = lookups.Select(l => l.Ms).Order().ToArray();
        return (ms[ms.Length / 2], ms[^1]);
    }

    private static string Times(IReadOnlyList<HttpLookup> lookups) =>
        lookups.Count == 0 ? "none" : string.Join(", ", lookups.Select(l => l.Ms.ToString("F0", CultureInfo.InvariantCulture)));

    private static string Forwarded(LoadResult r) => r.Forwarded is { } f ? $", last hop answered {f}" : string.Empty;
}
