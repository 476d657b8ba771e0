using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using NumberDirectory.Admin.V1;

namespace NumberDirectory.Cli;

/// <summary>
/// A range's routes as structured options, never one string to escape: each <c>--route URI</c> starts a route,
/// and the <c>--weight</c>, <c>--flag</c> and <c>--naptr-*</c> options after it, up to the next <c>--route</c>,
/// belong to it. <c>--route-json</c> gives a whole Route message (or an array of them) as in the API's JSON.
/// </summary>
internal sealed class RouteArguments
{
    public Option<string[]> Uri { get; } = new("--route")
    {
        Description = "A route's URI template, e.g. 'sip:${NUMBER}@pbx-b.example.net'; repeat for more routes",
        HelpName = "uri",
    };

    public Option<uint[]> Weight { get; } = new("--weight") { Description = "Weight of the route before it, 0-59999, lower first (default 0)" };

    public Option<string[]> Flag { get; } = new("--flag") { Description = "A DUNDi flag of the route before it (residential, commercial, mobile, nounsolicited, …); repeatable" };

    public Option<string[]> NaptrService { get; } = new("--naptr-service") { Description = "ENUM service of the route before it, e.g. E2U+sip" };

    public Option<uint[]> NaptrOrder { get; } = new("--naptr-order") { Description = "NAPTR order of the route before it" };

    public Option<uint[]> NaptrPreference { get; } = new("--naptr-preference") { Description = "NAPTR preference of the route before it" };

    public Option<string[]> RouteJson { get; } = new("--route-json")
    {
        Description = "A route as the API's JSON, e.g. '{\"uriTemplate\":\"iax2:pbx-b.example.net/${NUMBER}\",\"weight\":10}', or an array",
        HelpName = "json",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Uri, Weight, Flag, NaptrService, NaptrOrder, NaptrPreference, RouteJson })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>True when the command line names any route.</summary>
    public bool Given(ParseResult parse) => parse.GetResult(Uri) is { Implicit: false } || parse.GetResult(RouteJson) is { Implicit: false };

    /// <summary>The routes in the order given.</summary>
    public IReadOnlyList<Route> Read(ParseResult parse)
    {
        var routes = new List<Route>();
        Route? current = null;
        var tokens = parse.Tokens;
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (tokens[i].Type != TokenType.Option)
            {
                continue;
            }

            // Token.Symbol is not public; an option token's value is the name or alias as typed.
            var name = tokens[i].Value;
            var value = tokens[i + 1].Value;
            if (Is(name, Uri))
            {
                current = new Route { UriTemplate = value };
                routes.Add(current);
            }
            else if (Is(name, RouteJson))
            {
                current = null;
                routes.AddRange(ParseJson(value));
            }
            else if (Is(name, Weight))
            {
                Of(current, Weight).Weight = uint.Parse(value, CultureInfo.InvariantCulture);
            }
            else if (Is(name, Flag))
            {
                Of(current, Flag).Flags.Add(value);
            }
            else if (Is(name, NaptrService))
            {
                Naptr(Of(current, NaptrService)).Service = value;
            }
            else if (Is(name, NaptrOrder))
            {
                Naptr(Of(current, NaptrOrder)).Order = uint.Parse(value, CultureInfo.InvariantCulture);
            }
            else if (Is(name, NaptrPreference))
            {
                Naptr(Of(current, NaptrPreference)).Preference = uint.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return routes;
    }

    private static bool Is(string token, Option option) => token == option.Name || option.Aliases.Contains(token);

    private static Route Of(Route? current, Option option) =>
        current ?? throw new UsageException($"{option.Name} belongs to the --route before it, and there is none");

    private static NaptrOverride Naptr(Route route) => route.Naptr ??= new NaptrOverride();

    private static IEnumerable<Route> ParseJson(string json)
    {
        try
        {
            if (!json.TrimStart().StartsWith('['))
            {
                return [JsonParser.Default.Parse<Route>(json)];
            }

            using var array = JsonDocument.Parse(json);
            return [.. array.RootElement.EnumerateArray().Select(e => JsonParser.Default.Parse<Route>(e.GetRawText()))];
        }
        catch (Exception ex) when (ex is InvalidJsonException or InvalidProtocolBufferException or JsonException or InvalidOperationException)
        {
            throw new UsageException($"--route-json: not a Route as JSON: {ex.Message}");
        }
    }
}
