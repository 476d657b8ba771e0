using System.Globalization;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Server.Agi;

/// <summary>
/// The channel variables a lookup sets, in the order they are sent. <c>ND_STATUS</c> goes last, so a
/// session cut short never leaves a FOUND without its dial strings; the scalar ones are always set, so
/// values from an earlier AGI call on the same channel never linger.
/// </summary>
/// <remarks>docs/architecture.md §Results on each door (FOUND / NOTFOUND / ERROR, ND_PARTIAL).</remarks>
internal static class AgiVariables
{
    public const string Found = "FOUND";
    public const string NotFound = "NOTFOUND";
    public const string Error = "ERROR";

    public static List<KeyValuePair<string, string>> FromResult(LookupResult result, DialStringRenderer dial, string? error)
    {
        var routes = new List<(string Dial, RouteAnswer Route)>(result.Routes.Length);
        foreach (var route in result.Routes)
        {
            // Routes from peers arrive as URIs; one that does not parse (or a tel: route) has no dial string.
            if (RouteUri.TryParse(route.Uri, out var uri, out _) && dial.Render(uri) is { } text)
            {
                routes.Add((text, route));
            }
        }

        var variables = new List<KeyValuePair<string, string>>(8 + (3 * routes.Count))
        {
            new("ND_COUNT", Number(routes.Count)),
            new("ND_DIAL", routes.Count > 0 ? routes[0].Dial : string.Empty),
            new("ND_DIAL_ALL", string.Join('&', routes.Select(r => r.Dial))),
        };
        for (var i = 0; i < routes.Count; i++)
        {
            var n = Number(i + 1);
            variables.Add(new("ND_DIAL_" + n, routes[i].Dial));
            variables.Add(new("ND_URI_" + n, routes[i].Route.Uri));
            variables.Add(new("ND_WEIGHT_" + n, Number(routes[i].Route.Weight)));
        }

        variables.Add(new("ND_TTL", Number((int)result.Ttl.TotalSeconds)));
        variables.Add(new("ND_PARTIAL", result.Partial ? "1" : "0"));
        variables.Add(new("ND_ERROR", error ?? string.Empty));
        variables.Add(new("ND_STATUS", Status(result.Status)));
        return variables;
    }

    /// <summary>The variables of a request that never reached the pipeline (bad number, script or option).</summary>
    public static List<KeyValuePair<string, string>> Invalid(string error) =>
    [
        new("ND_COUNT", "0"),
        new("ND_DIAL", string.Empty),
        new("ND_DIAL_ALL", string.Empty),
        new("ND_TTL", "0"),
        new("ND_PARTIAL", "0"),
        new("ND_ERROR", error),
        new("ND_STATUS", Error),
    ];

    private static string Status(LookupStatus status) => status switch
    {
        LookupStatus.Found => Found,
        LookupStatus.Failed => Error,
        _ => NotFound,
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
