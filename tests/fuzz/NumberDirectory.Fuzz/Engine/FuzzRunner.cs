using System.Diagnostics;
using System.Globalization;

namespace NumberDirectory.Fuzz.Engine;

/// <summary>
/// Runs one target: seeds first, then mutations of the corpus (the seeds plus every input that gave
/// an outcome not seen before), on a worker thread watched for hangs. Exceptions are findings, kept
/// with their input; a hang stops the run, since the stuck input cannot be taken back.
/// </summary>
public static class FuzzRunner
{
    private const int MaxCorpus = 512;

    public static FuzzReport Run(IFuzzTarget target, FuzzRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Inputs is null && options.Duration is null)
        {
            throw new ArgumentException("give an input count, a duration or both", nameof(options));
        }

        var state = new RunState(target, options);
        var worker = new Thread(state.Work) { IsBackground = true, Name = $"fuzz {target.Name}" };
        var clock = Stopwatch.StartNew();
        worker.Start();
        while (!worker.Join(TimeSpan.FromMilliseconds(100)))
        {
            if (state.RunningFor() is { } running && running > options.InputTimeout)
            {
                // The worker is stuck in the code under test; it is a background thread and is left there.
                state.Hang(running);
                break;
            }
        }

        clock.Stop();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return new FuzzReport(
            target.Name,
            options.Seed,
            state.Inputs,
            state.Crashes,
            state.Hangs,
            state.Outcomes,
            state.Findings,
            clock.Elapsed,
            process.PeakWorkingSet64,
            GC.GetTotalMemory(forceFullCollection: false));
    }

    /// <summary>The target's own sequence: the run's seed mixed with a stable hash of its name (FNV-1a).</summary>
    public static int TargetSeed(string name, int seed)
    {
        ArgumentNullException.ThrowIfNull(name);
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash ^ (uint)seed);
    }

    private sealed class RunState(IFuzzTarget target, FuzzRunOptions options)
    {
        private readonly Dictionary<string, long> _outcomes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, FuzzFinding> _findings = new(StringComparer.Ordinal);
        private readonly Lock _gate = new();
        private long _started;
        private byte[] _current = [];
        private volatile bool _stop;

        public long Inputs { get; private set; }

        public long Crashes { get; private set; }

        public long Hangs { get; private set; }

        public IReadOnlyDictionary<string, long> Outcomes
        {
            get
            {
                lock (_gate)
                {
                    return new Dictionary<string, long>(_outcomes, StringComparer.Ordinal);
                }
            }
        }

        public IReadOnlyList<FuzzFinding> Findings
        {
            get
            {
                lock (_gate)
                {
                    return [.. _findings.Values];
                }
            }
        }

        public TimeSpan? RunningFor()
        {
            var started = Interlocked.Read(ref _started);
            return started == 0 ? null : Stopwatch.GetElapsedTime(started);
        }

        public void Hang(TimeSpan running)
        {
            _stop = true;
            lock (_gate)
            {
                Hangs++;
                Record(new FuzzFinding("hang", "hang", _current, $"still running after {running.TotalSeconds:F1} s"));
            }
        }

        public void Work()
        {
            var random = new Random(TargetSeed(target.Name, options.Seed));
            var mutator = new FuzzMutator(random, target);
            var corpus = new List<byte[]>(target.Seeds);
            var deadline = options.Duration is { } duration ? Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
            var limit = options.Inputs ?? long.MaxValue;
            for (var i = 0L; i < limit && !_stop && Stopwatch.GetTimestamp() < deadline; i++)
            {
                // Every seed once as it is, then one in sixteen inputs a seed again so mutations stay near valid.
                var input = i < target.Seeds.Count ? target.Seeds[(int)i]
                    : mutator.Mutate(corpus[random.Next(i % 16 == 0 ? target.Seeds.Count : corpus.Count)], corpus[random.Next(corpus.Count)]);
                var outcome = Execute(input, () => target.Run(input));
                if (_stop)
                {
                    return;
                }

                lock (_gate)
                {
                    Inputs++;
                    if (_outcomes.TryGetValue(outcome, out var seen))
                    {
                        _outcomes[outcome] = seen + 1;
                    }
                    else
                    {
                        _outcomes[outcome] = 1;
                        if (corpus.Count < MaxCorpus)
                        {
                            corpus.Add(input);
                        }
                    }
                }

                if (Inputs % options.SettleEvery == 0)
                {
                    Execute(input, () => Settled());
                }
            }

            if (!_stop)
            {
                Execute([], () => Settled());
            }
        }

        private string Settled()
        {
            target.Settle();
            return "settled";
        }

        private string Execute(byte[] input, Func<string> run)
        {
            _current = input;
            Interlocked.Exchange(ref _started, Stopwatch.GetTimestamp());
            try
            {
                return run();
            }
#pragma warning disable CA1031 // Whatever the code under test throws is what the run is looking for.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                lock (_gate)
                {
                    Crashes++;
                    Record(new FuzzFinding("crash", Signature(ex), input, ex.ToString()));
                }

                return "crash " + ex.GetType().Name;
            }
            finally
            {
                Interlocked.Exchange(ref _started, 0);
            }
        }

        private void Record(FuzzFinding finding)
        {
            if (_findings.ContainsKey(finding.Signature) || _findings.Count >= options.MaxFindings)
            {
                return;
            }

            _findings[finding.Signature] = finding;
            if (options.FindingsDirectory is { } directory)
            {
                Directory.CreateDirectory(directory);
                var name = string.Create(CultureInfo.InvariantCulture, $"{target.Name}-{finding.Kind}-{_findings.Count:00}.txt");
                File.WriteAllText(Path.Combine(directory, name), $"{finding.Signature}\n{finding.InputHex}\n{finding.Detail}\n");
            }
        }

        /// <summary>The exception's type and the frame that threw it: one finding per distinct bug, not per input.</summary>
        private static string Signature(Exception ex)
        {
            var frame = new StackTrace(ex, fNeedFileInfo: false).GetFrames().FirstOrDefault(f => f.GetMethod() is not null);
            var method = frame?.GetMethod();
            return $"{ex.GetType().Name} at {method?.DeclaringType?.Name}.{method?.Name}" + (ex is FuzzInvariantException ? $": {ex.Message}" : string.Empty);
        }
    }
}
