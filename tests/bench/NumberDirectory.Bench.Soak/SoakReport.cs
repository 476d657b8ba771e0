using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace NumberDirectory.Bench.Soak;

/// <summary>The results file: the setting, a row per sample window for the nodes and for the clients, start against end, the verdict.</summary>
internal static class SoakReport
{
    private const double MiB = 1048576;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The windows the start and the end are judged on: the first and last two minutes (a third each of a shorter run).</summary>
    public static (IReadOnlyList<SoakWindow> First, IReadOnlyList<SoakWindow> Last) Ends(SoakRun run)
    {
        var span = TimeSpan.FromMinutes(2) < run.Duration / 3 ? TimeSpan.FromMinutes(2) : run.Duration / 3;
        return ([.. run.Windows.Where(w => w.End <= span + TimeSpan.FromSeconds(1))], [.. run.Windows.Where(w => w.End >= run.Duration - span - TimeSpan.FromSeconds(1))]);
    }

    public static string ConsoleLine(SoakWindow window, SoakWindow previous) =>
        string.Create(Inv, $"{window.End.TotalSeconds,5:F0} s  A rss {window.A.RssBytes / MiB:F0} MiB heap {window.A.ManagedHeapBytes / MiB:F0} MiB tx {window.A.Transactions:F0} cache {window.A.CacheEntries:F0} tpq {window.A.ThreadPoolQueue:F0} cpu {Cpu(window.A, previous.A, window, previous):F0}%  ")
        + string.Join("  ", window.Doors.Select(d => string.Create(Inv, $"{d.Door} {d.Answers}/{d.ErrorCount} p99 {d.P99:F1}")))
        + string.Create(Inv, $"  hostile {(window.HostileSent - previous.HostileSent) / Seconds(window, previous):F0}/s");

    public static string Render(SoakRun run)
    {
        var verdict = SoakVerdict.Judge(run);
        var text = new StringBuilder();
        var rates = run.Rates;
        text.AppendLine("# Soak: ten minutes of mixed load on every door, and a hostile stream at the DUNDi port");
        text.AppendLine();
        text.AppendLine(Inv, $"Measured {run.StartedUtc:yyyy-MM-dd HH:mm} UTC by `tests/bench/NumberDirectory.Bench.Soak` ({run.Configuration} build of the node), `nproc` = {Environment.ProcessorCount},");
        text.AppendLine(Inv, $".NET {Environment.Version}, {RuntimeInformation.OSDescription}, {RuntimeInformation.OSArchitecture}.");
        text.AppendLine("The machine's two cores are shared with other work (builds in parallel), so CPU is contended and latencies are noisy;");
        text.AppendLine("that does not hide growth, which is what this run looks for. Compare runs on the same machine only.");
        text.AppendLine();
        text.AppendLine("```sh");
        text.AppendLine(run.Command);
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("## Setting");
        text.AppendLine();
        text.AppendLine("Two node processes on 127.0.0.1, every listener on a free port, each with a data directory of its own: **A** publishes");
        text.AppendLine("`_3XXX` and asks **B** (outbound peer, qualified) over DUNDi; **B** publishes `_4XXXXX` (100,000 numbers) and permits A.");
        text.AppendLine(Inv, $"A's cache is capped at `Cache:MaxEntries` = {SoakMesh.CacheEntries} so the load reaches the bound within the run; everything else is the default.");
        text.AppendLine("The benchmark process is the only client (load never runs in a node's process). Every loop is paced at a fixed rate,");
        text.AppendLine("spread over a few workers that bound what is in flight, and ends with the run. Latency is from the request sent");
        text.AppendLine("(connect included for AGI and ENUM over TCP) to the whole answer.");
        text.AppendLine();
        text.AppendLine("| load on A | rate | what |");
        text.AppendLine("|---|---:|---|");
        text.AppendLine(Inv, $"| HTTP `GET /lookup/{{n}}` | {rates.HttpPerSecond}/s, {rates.HttpWorkers} workers | kept-alive connections; {rates.LocalPercent} % A's numbers, {rates.RemotePercent} % B's (100,000 distinct: the cache fills and churns), the rest nobody's (not-found); right: 200 / 404; 503 counted apart |");
        text.AppendLine(Inv, $"| FastAGI | {rates.AgiPerSecond} sessions/s, {rates.AgiWorkers} workers | a connection per call, Asterisk's header, `200 result=1` to each command; same mix; right: `ND_STATUS` FOUND / NOTFOUND |");
        text.AppendLine(Inv, $"| ENUM NAPTR over UDP | {rates.EnumUdpPerSecond}/s, {rates.EnumUdpWorkers} workers | `…e164.example.net` with EDNS; same mix; right: NOERROR with answers / NXDOMAIN |");
        text.AppendLine(Inv, $"| ENUM NAPTR over TCP | {rates.EnumTcpPerSecond} connections/s × {rates.EnumTcpQueries} queries | RFC 7766 framing, queries written at once; same mix and rule |");
        text.AppendLine(Inv, $"| DUNDi from a peer | {rates.DundiPerSecond}/s, {rates.DundiWorkers} clients | EID {SoakMesh.ClientEid}, an inbound peer of A; DPDISCOVER, ACK\\|FINAL after the answer; half A's numbers, half B's (A asks B); right: answers |");
        text.AppendLine(Inv, $"| hostile stream at A's DUNDi port | {rates.HostilePerSecond} packets/s from 127.0.0.2, until {run.HostileStoppedAt.TotalSeconds:F0} s | in turn: DPDISCOVER from unknown EIDs with oseqno ≠ 0, the same with oseqno 0 (opens a transaction that is refused), 8-byte headers of assorted commands, random bytes, ENCRYPT with random key, signature and ciphertext |");
        text.AppendLine();
        text.AppendLine("*Errors*: any answer other than the right one — HTTP 5xx other than the lookup's own 503, AGI `ERROR` or no `ND_STATUS`,");
        text.AppendLine("SERVFAIL or a wrong rcode, a DUNDi refusal or empty answer — and no answer in time (HTTP and AGI 5 s, ENUM 2 s, DUNDi 1 s).");
        text.AppendLine("Node figures come from `/proc/<pid>` (RSS, CPU) and from the node's `/metrics`, which carries the .NET runtime's");
        text.AppendLine("`System.Runtime` series (`dotnet_gc_last_collection_heap_size_bytes` summed over generations as the managed heap,");
        text.AppendLine("`dotnet_thread_pool_queue_length`, `dotnet_gc_pause_time_seconds_total`) beside its own (`numberdirectory_dundi_transactions`,");
        text.AppendLine("`numberdirectory_cache_entries`, `numberdirectory_cache_bytes`, `numberdirectory_rejected_total{door=\"dundi\"}`). CPU % is of one core.");
        text.AppendLine();
        text.AppendLine("## Verdict");
        text.AppendLine();
        text.AppendLine(verdict.Summary.Replace("Verdict: ", "**", StringComparison.Ordinal).Replace(" — ", "** — ", StringComparison.Ordinal));
        text.AppendLine();
        text.AppendLine("| check | held | evidence |");
        text.AppendLine("|---|---|---|");
        foreach (var check in verdict.Checks)
        {
            text.AppendLine(Inv, $"| {check.What} | {(check.Held ? "yes" : "**no**")} | {check.Evidence} |");
        }

        Summary(text, run);
        NodeTable(text, run);
        ClientTable(text, run);
        return text.ToString();
    }

    private static void Summary(StringBuilder text, SoakRun run)
    {
        var (first, last) = Ends(run);
        var span = first.Count == 0 ? TimeSpan.Zero : first[^1].End;
        text.AppendLine();
        text.AppendLine(Inv, $"## Start against end (the first {span.TotalSeconds:F0} s of windows against the last)");
        text.AppendLine();
        text.AppendLine("| | start | end |");
        text.AppendLine("|---|---:|---:|");
        void Row(string what, Func<IReadOnlyList<SoakWindow>, string> value) => text.AppendLine(Inv, $"| {what} | {value(first)} | {value(last)} |");
        Row("A RSS, mean (MiB)", ws => F1(ws.Average(w => w.A.RssBytes) / MiB));
        Row("A managed heap, mean (MiB)", ws => F1(ws.Average(w => w.A.ManagedHeapBytes) / MiB));
        Row("B RSS, mean (MiB)", ws => F1(ws.Average(w => w.B.RssBytes) / MiB));
        Row("A open DUNDi transactions, mean / max", ws => $"{ws.Average(w => w.A.Transactions):F0} / {ws.Max(w => w.A.Transactions):F0}");
        Row("hostile stream", ws => ws.All(w => w.HostileOn) ? "on" : ws.Any(w => w.HostileOn) ? "on, then off" : "off");
        Row("A cache entries, mean", ws => $"{ws.Average(w => w.A.CacheEntries):F0}");
        Row("A thread-pool queue, mean / max", ws => $"{ws.Average(w => w.A.ThreadPoolQueue):F1} / {ws.Max(w => w.A.ThreadPoolQueue):F0}");
        Row("A GC pause (ms per minute)", ws => F1(PerMinute(run, ws, w => w.A.GcPauseSeconds * 1000)));
        Row("A CPU (% of a core)", ws => $"{PerMinute(run, ws, w => w.A.CpuSeconds) / 60 * 100:F0}");
        foreach (var door in run.Windows[0].Doors.Select(d => d.Door))
        {
            Row($"{door} p99 (ms)", ws => F1(DoorWindow.PooledP99(ws.SelectMany(w => w.Doors.Where(d => d.Door == door)))));
        }

        Row("client errors", ws => $"{ws.Sum(w => w.Doors.Sum(d => d.ErrorCount))} of {ws.Sum(w => w.Doors.Sum(d => d.Answers + d.ErrorCount))}");
        text.AppendLine();
        var d = run.Drain;
        text.AppendLine(Inv, $"After all load stopped: A's open transactions {d.A.Transactions:F0} ({(d.AToZero is { } a ? $"0 after {a.TotalSeconds:F0} s" : "not 0")}), B's {d.B.Transactions:F0} ({(d.BToZero is { } b ? $"0 after {b.TotalSeconds:F0} s" : "not 0")});");
        text.AppendLine(Inv, $"A's RSS then {d.A.RssBytes / MiB:F1} MiB, managed heap {d.A.ManagedHeapBytes / MiB:F1} MiB, cache {d.A.CacheEntries:F0} entries ({d.A.CacheBytes / MiB:F1} MiB); B's RSS {d.B.RssBytes / MiB:F1} MiB.");
        var w0 = run.Windows[^1];
        var hostileSeconds = run.HostileStoppedAt.TotalSeconds;
        text.AppendLine(Inv, $"The hostile stream sent {w0.HostileSent:N0} packets ({w0.HostileSent / hostileSeconds:F0}/s, {w0.HostileSentBytes:N0} bytes) and got {w0.HostileReplies:N0} replies back ({w0.HostileReplyBytes:N0} bytes);");
        var reasons = run.Windows[^1].A.DundiRejectedByReason
            .Select(r => (r.Key, Count: r.Value - run.Baseline.A.DundiRejectedByReason.GetValueOrDefault(r.Key)))
            .Where(r => r.Count > 0)
            .OrderByDescending(r => r.Count)
            .Select(r => string.Create(Inv, $"`{r.Key}` {r.Count:N0}"));
        text.AppendLine(Inv, $"A counted {run.Windows[^1].A.DundiRejected - run.Baseline.A.DundiRejected:N0} DUNDi refusals and drops (`numberdirectory_rejected_total{{door=\"dundi\"}}`; a packet may count under two reasons,");
        text.AppendLine(Inv, $"refused and then its reply paced): {string.Join(", ", reasons)}. A wrote {run.Windows[^1].A.LogLines - run.Baseline.A.LogLines:N0} log lines over the run, B {run.Windows[^1].B.LogLines - run.Baseline.B.LogLines:N0}.");
    }

    private static void NodeTable(StringBuilder text, SoakRun run)
    {
        text.AppendLine();
        text.AppendLine("## Nodes, per window");
        text.AppendLine();
        text.AppendLine("Values at the window's end; *GC pause*, *gen2*, *refused* and *log* over the window; *tx* is `numberdirectory_dundi_transactions`.");
        text.AppendLine();
        text.AppendLine("| t (s) | hostile | A RSS MiB | A heap MiB | A CPU % | A tx | A cache entries | A cache MiB | A TP queue | A TP threads | A GC pause ms | A gen2 | A DUNDi refused/s | A log lines | B RSS MiB | B CPU % | B tx | A→B timeouts |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var previous = run.Baseline;
        foreach (var w in run.Windows)
        {
            var seconds = Seconds(w, previous);
            text.AppendLine(Inv, $"| {w.End.TotalSeconds:F0} | {(w.HostileOn ? "on" : "off")} | {w.A.RssBytes / MiB:F1} | {w.A.ManagedHeapBytes / MiB:F1} | {Cpu(w.A, previous.A, w, previous):F0} | {w.A.Transactions:F0} | {w.A.CacheEntries:F0} | {w.A.CacheBytes / MiB:F2} | {w.A.ThreadPoolQueue:F0} | {w.A.ThreadPoolThreads:F0} | {(w.A.GcPauseSeconds - previous.A.GcPauseSeconds) * 1000:F1} | {w.A.Gen2Collections - previous.A.Gen2Collections:F0} | {(w.A.DundiRejected - previous.A.DundiRejected) / seconds:F0} | {w.A.LogLines - previous.A.LogLines} | {w.B.RssBytes / MiB:F1} | {Cpu(w.B, previous.B, w, previous):F0} | {w.B.Transactions:F0} | {w.A.PeerTimeouts - previous.A.PeerTimeouts:F0} |");
            previous = w;
        }

        var d = run.Drain;
        text.AppendLine(Inv, $"| drained (+{d.Waited.TotalSeconds:F0}) | off | {d.A.RssBytes / MiB:F1} | {d.A.ManagedHeapBytes / MiB:F1} | | {d.A.Transactions:F0} | {d.A.CacheEntries:F0} | {d.A.CacheBytes / MiB:F2} | {d.A.ThreadPoolQueue:F0} | {d.A.ThreadPoolThreads:F0} | | | | | {d.B.RssBytes / MiB:F1} | | {d.B.Transactions:F0} | |");
    }

    private static void ClientTable(StringBuilder text, SoakRun run)
    {
        var doors = run.Windows[0].Doors.Select(d => d.Door).ToList();
        text.AppendLine();
        text.AppendLine("## Clients, per window");
        text.AppendLine();
        text.AppendLine("Per door: answers in the window, p50 / p99 in ms, errors (by kind below the table); then the hostile stream's packets and replies per second.");
        text.AppendLine();
        text.AppendLine("| t (s) | " + string.Join(" | ", doors.Select(d => $"{d} n | {d} p50 / p99 | {d} err")) + " | HTTP 503 | hostile sent/s | replies/s |");
        text.AppendLine("|---:|" + string.Concat(doors.Select(_ => "---:|---:|---:|")) + "---:|---:|---:|");
        var previous = run.Baseline;
        var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var w in run.Windows)
        {
            var seconds = Seconds(w, previous);
            text.Append(Inv, $"| {w.End.TotalSeconds:F0} |");
            foreach (var d in w.Doors)
            {
                text.Append(Inv, $" {d.Answers} | {F1(d.P50)} / {F1(d.P99)} | {d.ErrorCount} |");
                foreach (var (kind, count) in d.Errors)
                {
                    kinds[$"{d.Door}: {kind}"] = kinds.GetValueOrDefault($"{d.Door}: {kind}") + count;
                }
            }

            text.AppendLine(Inv, $" {w.Doors.Sum(d => d.FailedLookups)} | {(w.HostileSent - previous.HostileSent) / seconds:F0} | {(w.HostileReplies - previous.HostileReplies) / seconds:F1} |");
            previous = w;
        }

        text.AppendLine();
        text.AppendLine(kinds.Count == 0 ? "No errors." : "Errors over the run: " + string.Join(", ", kinds.Select(k => $"{k.Key} × {k.Value}")) + ".");
    }

    private static double Seconds(SoakWindow window, SoakWindow previous) => Math.Max(0.001, (window.End - previous.End).TotalSeconds);

    private static double Cpu(NodeSample now, NodeSample before, SoakWindow window, SoakWindow previous) =>
        100 * (now.CpuSeconds - before.CpuSeconds) / Seconds(window, previous);

    // The growth of a cumulative figure across the windows given (from the window before the first), per minute.
    private static double PerMinute(SoakRun run, IReadOnlyList<SoakWindow> windows, Func<SoakWindow, double> value)
    {
        var index = run.Windows.ToList().IndexOf(windows[0]);
        var before = index > 0 ? run.Windows[index - 1] : run.Baseline;
        var minutes = (windows[^1].End - before.End).TotalMinutes;
        return minutes <= 0 ? 0 : (value(windows[^1]) - value(before)) / minutes;
    }

    private static string F1(double value) => double.IsNaN(value) ? "–" : value.ToString("F1", Inv);
}
