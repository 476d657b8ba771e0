using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Ranges;

/// <summary>
/// A range as an administrator writes it, before validation. <see cref="TryBuild"/> turns it into a
/// <see cref="PublishedRange"/> or lists every problem, each naming the field it is about.
/// </summary>
/// <remarks>docs/architecture.md §Patterns and ranges and §Routes.</remarks>
/// <param name="Context">Context to publish in; empty means <see cref="LookupContexts.Default"/>.</param>
/// <param name="Pattern">Pattern, number or range.</param>
/// <param name="Routes">At least one route.</param>
public sealed record RangeDefinition(string? Context, string? Pattern, IReadOnlyList<RouteDefinition>? Routes)
{
    /// <summary>Ask peers too and merge (see <see cref="PublishedRange.Merge"/>).</summary>
    public bool Merge { get; init; }

    /// <summary>Note for administrators.</summary>
    public string? Description { get; init; }

    /// <summary>The name shown to callers (see <see cref="PublishedRange.DisplayName"/>); empty means none.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Longest display name, in UTF-8 octets: one DNS character-string (RFC 1035 §3.3).</summary>
    public const int MaxDisplayNameOctets = 255;

    /// <summary>Flag names a route may carry; the match flags are computed, never configured.</summary>
    public static IReadOnlyList<string> RouteFlagNames { get; } =
    [
        nameof(RouteFlags.IgnorePattern), nameof(RouteFlags.Residential), nameof(RouteFlags.Commercial),
        nameof(RouteFlags.Mobile), nameof(RouteFlags.NoUnsolicited), nameof(RouteFlags.NoCommercialUnsolicited),
    ];

    /// <summary>Validates and builds the range; on failure <paramref name="errors"/> holds one line per problem.</summary>
    public bool TryBuild(RangeSource source, [NotNullWhen(true)] out PublishedRange? range, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var context = string.IsNullOrWhiteSpace(Context) ? LookupContexts.Default : Context.Trim();
        if (!LookupContexts.IsValid(context))
        {
            problems.Add($"Context: '{Context}' is not a context name; use 1-{LookupContexts.MaxLength} letters, digits, '-', '_' or '.' (e.g. e164)");
        }

        if (!NumberPattern.TryParse(Pattern, out var pattern, out var patternError))
        {
            problems.Add($"Pattern: {patternError}");
        }

        var displayName = string.IsNullOrWhiteSpace(DisplayName) ? null : DisplayName.Trim();
        if (displayName is not null && DisplayNameProblem(displayName) is { } displayProblem)
        {
            problems.Add($"DisplayName: {displayProblem}");
        }

        var routes = ImmutableArray.CreateBuilder<Route>();
        if (Routes is null || Routes.Count == 0)
        {
            problems.Add("Routes: a range needs at least one route, e.g. { \"Uri\": \"iax2:pbx-b.example.net/${NUMBER}\" }");
        }
        else
        {
            for (var i = 0; i < Routes.Count; i++)
            {
                if (TryBuildRoute(Routes[i], out var route, out var routeErrors))
                {
                    routes.Add(route);
                }
                else
                {
                    problems.AddRange(routeErrors.Select(e => $"Routes:{i}:{e}"));
                }
            }
        }

        errors = problems;
        if (problems.Count > 0 || pattern is null)
        {
            range = null;
            return false;
        }

        range = new PublishedRange(context, pattern, routes.ToImmutable(), source) { Merge = Merge, Description = Description, DisplayName = displayName };
        return true;
    }

    private static string? DisplayNameProblem(string name)
    {
        if (name.Any(char.IsControl))
        {
            return "a display name cannot hold control characters (line breaks, tabs)";
        }

        var octets = System.Text.Encoding.UTF8.GetByteCount(name);
        return octets > MaxDisplayNameOctets
            ? $"'{name[..Math.Min(name.Length, 40)]}…' is {octets} octets in UTF-8; at most {MaxDisplayNameOctets} fit in a DNS TXT string"
            : null;
    }

    private static bool TryBuildRoute(RouteDefinition definition, [NotNullWhen(true)] out Route? route, out List<string> errors)
    {
        errors = [];
        route = null;
        if (!RouteTemplate.TryParse(definition.Uri, out var template, out var templateError))
        {
            errors.Add($"Uri: {templateError}");
        }

        var flags = RouteFlags.None;
        foreach (var name in definition.Flags ?? [])
        {
            if (RouteFlagNames.FirstOrDefault(n => string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase)) is { } known)
            {
                flags |= Enum.Parse<RouteFlags>(known);
            }
            else
            {
                errors.Add($"Flags: '{name}' is not a route flag; use {string.Join(", ", RouteFlagNames)}");
            }
        }

        NaptrOverride? naptr = null;
        if (definition.NaptrService is not null || definition.NaptrOrder is not null || definition.NaptrPreference is not null)
        {
            if (definition.NaptrOrder is < 0 or > ushort.MaxValue || definition.NaptrPreference is < 0 or > ushort.MaxValue)
            {
                errors.Add($"Naptr: order and preference are 0..{ushort.MaxValue} (RFC 3403 §4.1)");
            }
            else if (!NaptrOverride.TryCreate(definition.NaptrService, (ushort?)definition.NaptrOrder, (ushort?)definition.NaptrPreference, out naptr, out var naptrError))
            {
                errors.Add($"Naptr: {naptrError}");
            }
        }

        if (template is null || errors.Count > 0)
        {
            return false;
        }

        if (!Route.TryCreate(template, definition.Weight, flags, naptr, out route, out var routeError))
        {
            errors.Add(routeError);
            return false;
        }

        return true;
    }
}
