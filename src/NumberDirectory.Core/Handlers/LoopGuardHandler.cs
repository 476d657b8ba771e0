using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Handlers;

/// <summary>
/// First link: a request whose path already holds this node, or whose hop budget is spent, is
/// answered from local data only and never forwarded. It never halts the node.
/// </summary>
/// <remarks>
/// docs/architecture.md §LoopGuard; docs/protocols/dundi.md §Path list (a node on the path is never asked again) and §TTL
/// (at 0 a query is not forwarded and gets HINT TTL_EXPIRED).
/// </remarks>
public sealed class LoopGuardHandler(NodeId self) : ILookupHandler
{
    private const string Source = "loop-guard";

    /// <inheritdoc />
    public async ValueTask<LookupResult> LookupAsync(LookupRequest request, LookupDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        var visited = request.Path.Contains(self);
        var exhausted = request.HopBudget <= 0;
        if (request.LocalOnly || (!visited && !exhausted))
        {
            return await next(request, cancellationToken).ConfigureAwait(false);
        }

        var reason = visited ? $"the path already holds this node ({self})" : "the hop budget is spent";
        var result = await next(request with { LocalOnly = true }, cancellationToken).ConfigureAwait(false);
        if (result.Status == LookupStatus.Found)
        {
            return result.WithTrace(Source, $"answered from local data only: {reason}");
        }

        var hints = exhausted && !visited
            ? result.Hints.Add(new LookupHint(LookupHintKind.TtlExpired, string.Empty))
            : result.Hints;
        return (result with { Status = LookupStatus.Loop, Hints = hints, Routes = [] })
            .WithTrace(Source, $"not forwarded: {reason}");
    }
}
