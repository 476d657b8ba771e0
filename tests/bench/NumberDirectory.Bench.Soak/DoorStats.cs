using System.Diagnostics;

namespace NumberDirectory.Bench.Soak;

/// <summary>
/// One door's outcomes as the client saw them, shared by that door's workers and emptied once per
/// sample window: the latency of every answer, the errors by kind, and the lookups the node itself
/// reported failed (HTTP 503: an answer, not a fault of the door).
/// </summary>
internal sealed class DoorStats(string door)
{
    private readonly Lock _lock = new();
    private List<double> _milliseconds = new(4096);
    private Dictionary<string, int> _errors = new(StringComparer.Ordinal);
    private int _failedLookups;

    public string Door { get; } = door;

    public void Answered(long startTimestamp)
    {
        var ms = Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
        lock (_lock)
        {
            _milliseconds.Add(ms);
        }
    }

    /// <summary>An answer that says the lookup failed (timed, but not an error of the door).</summary>
    public void FailedLookup(long startTimestamp)
    {
        Answered(startTimestamp);
        lock (_lock)
        {
            _failedLookups++;
        }
    }

    public void Error(string kind)
    {
        lock (_lock)
        {
            _errors[kind] = _errors.GetValueOrDefault(kind) + 1;
        }
    }

    /// <summary>What was recorded since the last call, and a fresh start.</summary>
    public DoorWindow Take()
    {
        lock (_lock)
        {
            var window = new DoorWindow(Door, [.. _milliseconds.Order()], _errors, _failedLookups);
            _milliseconds = new List<double>(Math.Max(4096, _milliseconds.Count));
            _errors = new Dictionary<string, int>(StringComparer.Ordinal);
            _failedLookups = 0;
            return window;
        }
    }
}
