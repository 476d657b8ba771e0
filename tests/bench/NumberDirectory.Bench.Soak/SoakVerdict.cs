using System.Globalization;

namespace NumberDirectory.Bench.Soak;

/// <summary>
/// The verdict, computed from the windows: memory flat over the second half (least-squares slope), the
/// cache at or under its bounds, open DUNDi transactions back to 0 once the traffic stops, the thread-pool
/// queue and each door's p99 no worse at the end than at the start, and the client seeing next to no errors.
/// </summary>
internal sealed record SoakVerdict(IReadOnlyList<SoakCheck> Checks)
{
    /// <summary>Growth over the second half below this share of its mean (or <see cref="FloorMiB"/>) counts as flat.</summary>
    public const double GrowthShare = 0.05;

    public const double FloorMiB = 4;

    public bool Held => Checks.All(c => c.Held);

    public string Summary => Held
        ? "Verdict: nothing grew without bound — " + string.Join("; ", Checks.Select(c => c.What))
        : "Verdict: GROWTH OR FAULT — " + string.Join("; ", Checks.Where(c => !c.Held).Select(c => $"{c.What}: {c.Evidence}"));

    public static SoakVerdict Judge(SoakRun run)
    {
        var inv = CultureInfo.InvariantCulture;
        var windows = run.Windows;
        var secondHalf = windows.Where(w => w.End >= run.Duration / 2).ToList();
        var (first, last) = SoakReport.Ends(run);
        var checks = new List<SoakCheck>
        {
            Flat("A RSS", secondHalf, w => w.A.RssBytes),
            Flat("A managed heap", secondHalf, w => w.A.ManagedHeapBytes),
            Flat("B RSS", secondHalf, w => w.B.RssBytes),
        };

        var maxEntries = windows.Max(w => w.A.CacheEntries);
        var maxBytes = windows.Max(w => w.A.CacheBytes);
        checks.Add(new SoakCheck(
            "A cache within its bounds",
            maxEntries <= SoakMesh.CacheEntries && maxBytes <= 64 * 1024 * 1024,
            string.Create(inv, $"at most {maxEntries:F0} entries (Cache:MaxEntries {SoakMesh.CacheEntries}), {maxBytes / 1048576:F1} MiB (Cache:MaxMegabytes 64)")));

        // Windows that are wholly with the stream on or wholly after it (the one it stopped in is neither).
        var withStream = windows.Where(w => w.HostileOn && w.End <= run.HostileStoppedAt).Select(w => w.A.Transactions).DefaultIfEmpty().ToList();
        var afterStream = windows.Where(w => !w.HostileOn).Select(w => w.A.Transactions).DefaultIfEmpty().ToList();
        checks.Add(new SoakCheck(
            "open DUNDi transactions back to 0",
            run.Drain.AToZero is not null && run.Drain.BToZero is not null,
            string.Create(inv, $"A held a mean of {withStream.Average():F0} (max {withStream.Max():F0}) with the hostile stream on, {afterStream.Average():F0} (max {afterStream.Max():F0}) once it stopped and the mixed load went on (its own lookups, each lingering 5 s); with all load stopped A reached 0 after {Seconds(run.Drain.AToZero)}, B after {Seconds(run.Drain.BToZero)}")));

        var queueFirst = first.Average(w => w.A.ThreadPoolQueue);
        var queueLast = last.Average(w => w.A.ThreadPoolQueue);
        checks.Add(new SoakCheck(
            "thread-pool queue not rising",
            queueLast <= Math.Max(2 * queueFirst, 5),
            string.Create(inv, $"mean {queueFirst:F1} in the first windows, {queueLast:F1} in the last (max over the run {windows.Max(w => w.A.ThreadPoolQueue):F0})")));

        foreach (var door in windows[0].Doors.Select(d => d.Door))
        {
            var p99First = DoorWindow.PooledP99(first.SelectMany(w => w.Doors.Where(d => d.Door == door)));
            var p99Last = DoorWindow.PooledP99(last.SelectMany(w => w.Doors.Where(d => d.Door == door)));
            checks.Add(new SoakCheck(
                $"{door} p99 not rising",
                double.IsNaN(p99First) || p99Last <= (2 * p99First) + 5,
                string.Create(inv, $"{p99First:F1} ms at the start, {p99Last:F1} ms at the end (bound: twice the start + 5 ms)")));
        }

        var answers = windows.Sum(w => w.Doors.Sum(d => d.Answers));
        var errors = windows.Sum(w => w.Doors.Sum(d => d.ErrorCount));
        checks.Add(new SoakCheck(
            "client errors under 0.5 %",
            errors <= 0.005 * (answers + errors),
            string.Create(inv, $"{errors} errors in {answers + errors} requests ({100.0 * errors / Math.Max(1, answers + errors):F2} %)")));
        return new SoakVerdict(checks);
    }

    /// <summary>Least-squares slope of a series against time (per minute), as MiB.</summary>
    public static double SlopeMiBPerMinute(IReadOnlyList<SoakWindow> windows, Func<SoakWindow, double> value)
    {
        if (windows.Count < 2)
        {
            return 0;
        }

        var xs = windows.Select(w => w.End.TotalMinutes).ToArray();
        var ys = windows.Select(w => value(w) / 1048576).ToArray();
        var mx = xs.Average();
        var my = ys.Average();
        var covariance = xs.Zip(ys, (x, y) => (x - mx) * (y - my)).Sum();
        var variance = xs.Sum(x => (x - mx) * (x - mx));
        return variance == 0 ? 0 : covariance / variance;
    }

    private static SoakCheck Flat(string what, List<SoakWindow> half, Func<SoakWindow, double> value)
    {
        var slope = SlopeMiBPerMinute(half, value);
        var minutes = half.Count < 2 ? 0 : (half[^1].End - half[0].End).TotalMinutes;
        var mean = half.Count == 0 ? 0 : half.Average(w => value(w) / 1048576);
        var growth = slope * minutes;
        var bound = Math.Max(GrowthShare * mean, FloorMiB);
        return new SoakCheck(
            $"{what} flat over the second half",
            growth <= bound,
            string.Create(CultureInfo.InvariantCulture, $"slope {slope:+0.00;-0.00} MiB/min, {growth:+0.0;-0.0} MiB over {minutes:F1} min around a mean of {mean:F1} MiB (bound {bound:F1} MiB)"));
    }

    private static string Seconds(TimeSpan? time) => time is { } t ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:F0} s") : "never (within the wait)";
}
