using System.Globalization;
using NumberDirectory.Admin.V1;

namespace NumberDirectory.Cli;

/// <summary>Ranges and routes as people read them.</summary>
internal static class RangeText
{
    public static string Source(RangeSource source) => source switch
    {
        RangeSource.Config => "config",
        RangeSource.Runtime => "runtime",
        _ => "-",
    };

    public static string Route(Route route) => string.Create(CultureInfo.InvariantCulture, $"{route.UriTemplate} ({route.Weight})");

    public static async Task WriteAsync(TextWriter output, NumberDirectory.Admin.V1.Range range)
    {
        await output.WriteLineAsync($"{range.Pattern} in {Context(range.Context)}, {Source(range.Source)}, {(range.Merge ? "merged with peers' routes" : "authoritative")}").ConfigureAwait(false);
        if (range.DisplayName.Length > 0)
        {
            await output.WriteLineAsync($"display name: {range.DisplayName}").ConfigureAwait(false);
        }

        if (range.Description.Length > 0)
        {
            await output.WriteLineAsync($"description: {range.Description}").ConfigureAwait(false);
        }

        var routes = new TextTable("WEIGHT", "URI", "FLAGS", "NAPTR");
        foreach (var route in range.Routes)
        {
            routes.Add(route.Weight.ToString(CultureInfo.InvariantCulture), route.UriTemplate, string.Join(',', route.Flags), Naptr(route.Naptr));
        }

        await routes.WriteAsync(output).ConfigureAwait(false);
    }

    public static async Task WriteOverlapsAsync(TextWriter output, IEnumerable<RangeOverlap> overlaps)
    {
        foreach (var overlap in overlaps)
        {
            await output.WriteLineAsync($"overlaps {overlap.Pattern} in {Context(overlap.Context)} ({Source(overlap.Source)}): the most specific pattern wins for the numbers both match").ConfigureAwait(false);
        }
    }

    public static string Context(string context) => context.Length == 0 ? "e164" : context;

    private static string Naptr(NaptrOverride? naptr)
    {
        if (naptr is null)
        {
            return string.Empty;
        }

        var parts = new List<string>();
        if (naptr.Service.Length > 0)
        {
            parts.Add(naptr.Service);
        }

        if (naptr.HasOrder)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"order {naptr.Order}"));
        }

        if (naptr.HasPreference)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"preference {naptr.Preference}"));
        }

        return string.Join(' ', parts);
    }
}
