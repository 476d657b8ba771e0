using System.Collections.Immutable;

namespace NumberDirectory.Core.Lookup;

/// <summary>Combines route lists from several sources into one ordered list.</summary>
/// <remarks>docs/protocols/dundi.md §Order tiers (answers are merged: the lower weight kept, sorted by weight).</remarks>
public static class RouteAnswerMerge
{
    /// <summary>
    /// Deduplicates on the route URI (case-insensitively, as the scheme and host are), keeping the
    /// lower weight, and sorts by weight; equal weights keep their first-seen order.
    /// </summary>
    public static ImmutableArray<RouteAnswer> Merge(IEnumerable<RouteAnswer> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var best = new Dictionary<string, (RouteAnswer Route, int Order)>(StringComparer.OrdinalIgnoreCase);
        var order = 0;
        foreach (var route in routes)
        {
            if (!best.TryGetValue(route.Uri, out var kept) || route.Weight < kept.Route.Weight)
            {
                best[route.Uri] = (route, kept.Route is null ? order : kept.Order);
            }

            order++;
        }

        return [.. best.Values.OrderBy(v => v.Route.Weight).ThenBy(v => v.Order).Select(v => v.Route)];
    }
}
