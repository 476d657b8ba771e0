using System.Collections.Immutable;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Handlers;

/// <summary>
/// Answers from this node's own published ranges. A match is authoritative: nobody else is asked
/// (DUNDi weight-0 semantics). A range published with <see cref="PublishedRange.Merge"/> also
/// calls the rest of the chain and merges what it finds. No match: the rest of the chain decides.
/// </summary>
/// <remarks>docs/architecture.md §LocalRanges, §Local first and §Numbers still being dialled.</remarks>
public sealed class LocalRangesHandler(RangeTable ranges, NodeId self, LocalRangesOptions options) : ILookupHandler
{
    private const string Source = "local-ranges";

    /// <inheritdoc />
    public async ValueTask<LookupResult> LookupAsync(LookupRequest request, LookupDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        var match = ranges.Find(request.Context, request.Number);
        var best = match?.Best;
        if (match is not null && best is null && request.IncludePartialMatches && match.Partial.Count > 0)
        {
            // Only the start of our ranges matches: the number is still being dialled and is ours.
            var partial = RouteAnswerMerge.Merge(match.Partial.SelectMany(r => Render(r, request.Number, match.Flags & ~MatchKind.Exists)));
            return LookupResult.Found(partial).WithTrace(Source, $"'{request.Number}' can still become a number of {match.Partial.Count} range(s) here");
        }

        if (match is null || best is null)
        {
            return await next(request, cancellationToken).ConfigureAwait(false);
        }

        var local = Render(best, request.Number, match.Flags);
        var found = (LookupResult.Found(local) with { DisplayName = best.DisplayName }).WithTrace(Source, $"'{request.Number}' matched '{best.Pattern.Text}' in context '{best.Context}'");
        if (!best.Merge || request.LocalOnly)
        {
            return found;
        }

        // Upstream ENUM is for numbers nobody here has; this one is ours.
        var remote = await next(request with { NoUpstream = true }, cancellationToken).ConfigureAwait(false);
        var merged = LookupResult.Found(RouteAnswerMerge.Merge(local.Concat(remote.Routes))) with
        {
            DisplayName = best.DisplayName,
            Partial = remote.Partial || remote.Status == LookupStatus.Failed,
            Trace = found.Trace.AddRange(remote.Trace),
        };
        return merged.WithTrace(Source, $"merged {local.Length} local and {remote.Routes.Length} remote route(s) ({remote.Status})");
    }

    private ImmutableArray<RouteAnswer> Render(PublishedRange range, DialNumber number, MatchKind match)
    {
        // The match flags describe the whole context, as Asterisk reports a mapping's dialplan context.
        var matchFlags = (RouteFlags)(ushort)(match & (MatchKind.Exists | MatchKind.MatchMore | MatchKind.CanMatch));
        var builder = ImmutableArray.CreateBuilder<RouteAnswer>(range.Routes.Length);
        foreach (var route in range.Routes)
        {
            builder.Add(new RouteAnswer(route.Template.Expand(number), route.Weight, route.Flags | matchFlags, self, options.AnswerTtl) { Naptr = route.Naptr });
        }

        return RouteAnswerMerge.Merge(builder);
    }
}
