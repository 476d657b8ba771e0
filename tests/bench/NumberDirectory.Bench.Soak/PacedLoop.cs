using System.Diagnostics;

namespace NumberDirectory.Bench.Soak;

/// <summary>
/// Runs a step at a fixed rate, spread over a few workers, until a moment: each worker takes the next
/// slot of the schedule and waits for it, so the rate holds while the node keeps up, and in-flight
/// work never exceeds the workers when it does not (the load falls back to a closed loop, never a pile).
/// </summary>
internal static class PacedLoop
{
    /// <param name="step">One operation, given the worker's index; it records its own outcome and never throws.</param>
    public static Task RunAsync(double perSecond, int workers, long untilTimestamp, Func<int, Task> step)
    {
        var interval = Stopwatch.Frequency / perSecond;
        var start = Stopwatch.GetTimestamp();
        long slot = -1;
        return Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            while (true)
            {
                var due = start + (long)(Interlocked.Increment(ref slot) * interval);
                if (due >= untilTimestamp)
                {
                    return;
                }

                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                await step(worker);
            }
        })));
    }
}
