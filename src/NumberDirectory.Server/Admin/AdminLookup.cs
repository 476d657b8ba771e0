using Microsoft.Extensions.Options;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Admin;

/// <summary>
/// A lookup made as an admin action: through the whole pipeline, as the doors make them, counted and
/// watched as the admin door's. The <c>Lookup</c> and <c>ExplainLookup</c> RPCs and the status page's
/// explain box run theirs here, so an explain answers the same wherever it is asked.
/// </summary>
/// <remarks>docs/architecture.md §Admin API; docs/status-page.md §Explain box.</remarks>
internal sealed class AdminLookup(
    ILookupPipeline pipeline,
    IOptions<LookupOptions> lookupOptions,
    TimeProvider time,
    NodeMetrics metrics,
    LookupWatch watch)
{
    public const string Door = "admin";

    /// <summary>The context used when none is given.</summary>
    public static string ContextOrDefault(string? context) => string.IsNullOrEmpty(context) ? LookupContexts.Default : context;

    /// <summary>Why <paramref name="number"/> or <paramref name="context"/> cannot be looked up, naming the field; null when both can.</summary>
    public static (string Field, string Message)? Problem(string number, string context, out DialNumber parsed)
    {
        if (!DialNumber.TryParse(number, out parsed, out var numberError))
        {
            return ("number", $"'{number}' is not a number: {numberError}");
        }

        return LookupContexts.IsValid(context)
            ? null
            : ("context", $"'{context}' is not a context name; use 1-{LookupContexts.MaxLength} letters, digits, '-', '_' or '.' (e.g. e164)");
    }

    /// <summary>The node's default budget for one lookup (<c>Lookup:DefaultTimeoutMs</c>).</summary>
    public TimeSpan DefaultBudget => TimeSpan.FromMilliseconds(lookupOptions.Value.DefaultTimeoutMs);

    /// <summary>The largest budget a caller may ask for (<c>Lookup:MaxTimeoutMs</c>).</summary>
    public TimeSpan MaxBudget => TimeSpan.FromMilliseconds(lookupOptions.Value.MaxTimeoutMs);

    /// <summary>Runs the lookup of a valid number and context for <paramref name="client"/>, within <paramref name="budget"/>.</summary>
    public async Task<AdminLookupRun> RunAsync(DialNumber number, string context, TimeSpan budget, string client, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var request = new LookupRequest(number, context, lookupOptions.Value.HopBudget, [], started + budget);
        var result = await pipeline.LookupAsync(request, cancellationToken).ConfigureAwait(false);
        var elapsed = time.GetUtcNow() - started;
        metrics.Lookup(Door, result.Status, elapsed);
        if (watch.Watched)
        {
            watch.Report(Door, client, request.Number.ToString(), request.Context, result, elapsed);
        }

        return new AdminLookupRun(request, result, started, elapsed);
    }

    /// <summary>
    /// The trace of <paramref name="run"/>, each step with its time since the lookup began. Steps from
    /// handlers that keep no time happened with (or just after) the last one that did.
    /// </summary>
    public static IReadOnlyList<(TraceEntry Step, TimeSpan At)> Steps(AdminLookupRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var steps = new List<(TraceEntry, TimeSpan)>();
        var at = TimeSpan.Zero;
        foreach (var step in run.Result.Trace)
        {
            if (step.At is { } stamp)
            {
                at = stamp - run.Started;
            }

            steps.Add((step, at < TimeSpan.Zero ? TimeSpan.Zero : at));
        }

        return steps;
    }
}
