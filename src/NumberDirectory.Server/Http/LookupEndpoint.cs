using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Http;

/// <summary>
/// <c>GET /lookup/{number}</c> for Asterisk's <c>CURL()</c>: a plain dial string by default, all of
/// them with <c>?all=1</c>, JSON on <c>Accept: application/json</c> or <c>?format=json</c>, and
/// <c>?format=hash</c> for <c>CURLOPT(hashcompat)</c>. Found 200, not found 404 (empty body),
/// failed 503 (empty body), bad input 400 with the reason; the status also in a header.
/// </summary>
/// <remarks>docs/architecture.md §HTTP door and §Results on each door.</remarks>
internal static partial class LookupEndpoint
{
    public const string Door = "http";
    public const string StatusHeader = "X-NumberDirectory-Status";
    public const string PartialHeader = "X-NumberDirectory-Partial";
    public const string Route = "/lookup/{number}";

    public static IEndpointRouteBuilder MapLookup(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(Route, HttpEndpointExtensions.GetAndHead, HandleAsync);
        return endpoints;
    }

    private static async Task HandleAsync(
        HttpContext http,
        string number,
        ILookupPipeline pipeline,
        DialStringRenderer dial,
        IOptions<LookupOptions> lookupOptions,
        TimeProvider time,
        NodeMetrics metrics,
        LookupWatch watch,
        ILogger<LookupResponse> logger)
    {
        var started = time.GetTimestamp();
        var query = http.Request.Query;
        var format = ResponseFormat(http.Request);
        if (format is null)
        {
            await RejectAsync(http, metrics, "format", $"unknown format '{query["format"]}'; use text, json or hash").ConfigureAwait(false);
            return;
        }

        if (!DialNumber.TryParse(number, out var parsed, out var numberError))
        {
            await RejectAsync(http, metrics, "number", $"invalid number: {numberError}", format).ConfigureAwait(false);
            return;
        }

        var context = query.TryGetValue("context", out var contextValue) ? contextValue.ToString() : LookupContexts.Default;
        if (!LookupContexts.IsValid(context))
        {
            await RejectAsync(http, metrics, "context", $"invalid context '{context}': use 1-{LookupContexts.MaxLength} letters, digits, '-', '_' or '.'", format).ConfigureAwait(false);
            return;
        }

        var options = lookupOptions.Value;
        if (!LookupBudget.TryParse(query["timeout"].ToString(), options, out var budget, out var timeoutError))
        {
            await RejectAsync(http, metrics, "timeout", timeoutError, format).ConfigureAwait(false);
            return;
        }

        var request = new LookupRequest(parsed, context, options.HopBudget, [], time.GetUtcNow() + budget);
        var result = await pipeline.LookupAsync(request, http.RequestAborted).ConfigureAwait(false);
        metrics.Lookup(Door, result.Status, time.GetElapsedTime(started));
        if (watch.Watched)
        {
            watch.Report(Door, http.Connection.RemoteIpAddress?.ToString() ?? string.Empty, request.Number.ToString(), request.Context, result, time.GetElapsedTime(started));
        }
        if (result.Status == LookupStatus.Failed)
        {
            LogFailed(logger, parsed.ToString(), context, string.Join(" | ", result.Trace.Select(t => $"{t.Source}: {t.Message}")));
        }

        var all = IsTrue(query["all"]);
        await WriteAsync(http, format, parsed, context, result, dial, all).ConfigureAwait(false);
    }

    private static string? ResponseFormat(HttpRequest request)
    {
        var format = request.Query["format"].ToString();
        if (format.Length > 0)
        {
            return format.ToLowerInvariant() switch
            {
                "text" or "json" or "hash" => format.ToLowerInvariant(),
                _ => null,
            };
        }

        var accept = request.Headers.Accept.ToString();
        return accept.Contains("application/json", StringComparison.OrdinalIgnoreCase) ? "json" : "text";
    }

    private static bool IsTrue(StringValues value) =>
        value.ToString() is "1" or "true" or "yes" or "True" or "TRUE" or "YES";

    private static string StatusText(LookupStatus status) => status switch
    {
        LookupStatus.Found => "FOUND",
        LookupStatus.Failed => "ERROR",
        _ => "NOTFOUND",
    };

    private static int StatusCode(LookupStatus status) => status switch
    {
        LookupStatus.Found => StatusCodes.Status200OK,
        LookupStatus.Failed => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status404NotFound,
    };

    internal static async Task WriteAsync(HttpContext http, string format, DialNumber number, string context, LookupResult result, DialStringRenderer dial, bool all)
    {
        var response = http.Response;
        response.StatusCode = StatusCode(result.Status);
        response.Headers[StatusHeader] = StatusText(result.Status);
        response.Headers[PartialHeader] = result.Partial ? "1" : "0";
        response.Headers.CacheControl = "no-store";
        var dialStrings = result.Routes.Select(r => Dial(dial, r.Uri)).OfType<string>().ToImmutableArray();
        switch (format)
        {
            case "json":
                var body = new LookupResponse(
                    StatusText(result.Status),
                    number.ToString(),
                    context,
                    result.Partial,
                    (int)result.Ttl.TotalSeconds,
                    [.. result.Routes.Select(r => new LookupRouteResponse(r.Uri, Dial(dial, r.Uri), r.Weight, FlagNames(r.Flags), (int)r.Ttl.TotalSeconds, r.AnsweredBy.ToString()))],
                    null);
                response.ContentType = "application/json";
                await JsonSerializer.SerializeAsync(response.Body, body, HttpJsonContext.Default.LookupResponse, http.RequestAborted).ConfigureAwait(false);
                break;
            case "hash":
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync(Hash(result, dialStrings), http.RequestAborted).ConfigureAwait(false);
                break;
            default:
                if (result.Status == LookupStatus.Found && dialStrings.Length > 0)
                {
                    response.ContentType = "text/plain; charset=utf-8";
                    var text = all ? string.Join('&', dialStrings) : dialStrings[0];
                    await response.WriteAsync(text + "\n", http.RequestAborted).ConfigureAwait(false);
                }

                break;
        }
    }

    // Routes from peers arrive as URIs; one that does not parse has no dial string rather than a broken one.
    private static string? Dial(DialStringRenderer dial, string uri) =>
        RouteUri.TryParse(uri, out var parsed, out _) ? dial.Render(parsed) : null;

    private static string Hash(LookupResult result, ImmutableArray<string> dialStrings)
    {
        // CURLOPT(hashcompat) splits on '&' and '=' and URL-decodes each value.
        var text = new StringBuilder();
        text.Append("status=").Append(StatusText(result.Status));
        text.Append("&count=").Append(dialStrings.Length.ToString(CultureInfo.InvariantCulture));
        text.Append("&ttl=").Append(((int)result.Ttl.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        text.Append("&partial=").Append(result.Partial ? '1' : '0');
        if (dialStrings.Length > 0)
        {
            text.Append("&dial=").Append(Uri.EscapeDataString(dialStrings[0]));
            text.Append("&all=").Append(Uri.EscapeDataString(string.Join('&', dialStrings)));
        }

        return text.Append('\n').ToString();
    }

    private static IReadOnlyList<string> FlagNames(RouteFlags flags) =>
        [.. Enum.GetValues<RouteFlags>().Where(f => f != RouteFlags.None && flags.HasFlag(f)).Select(f => f.ToString())];

    private static async Task RejectAsync(HttpContext http, NodeMetrics metrics, string reason, string message, string format = "text")
    {
        metrics.Rejected(Door, reason);
        message = ControlCharacters.Escape(message);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status400BadRequest;
        response.Headers[StatusHeader] = "INVALID";
        if (format == "json")
        {
            response.ContentType = "application/json";
            var body = new LookupResponse("INVALID", string.Empty, string.Empty, false, 0, [], message);
            await JsonSerializer.SerializeAsync(response.Body, body, HttpJsonContext.Default.LookupResponse, http.RequestAborted).ConfigureAwait(false);
            return;
        }

        response.ContentType = "text/plain; charset=utf-8";

        // CURLOPT(hashcompat) needs key=value pairs even here, so HASH(nd,status) reads INVALID rather than nothing.
        var text = format == "hash" ? $"status=INVALID&count=0&error={Uri.EscapeDataString(message)}" : message;
        await response.WriteAsync(text + "\n", http.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lookup of {Number} in {Context} failed: {Trace}")]
    private static partial void LogFailed(ILogger logger, string number, string context, string trace);
}
