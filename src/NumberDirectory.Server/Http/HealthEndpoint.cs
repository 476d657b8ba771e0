using System.Text;
using System.Text.Json;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Http;

/// <summary>
/// <c>GET /health</c>: the overall status on the first line (<c>status: ok|degraded|fail</c>), then one
/// line per check (<c>agi: ok (listening on …)</c>); JSON on <c>Accept: application/json</c> or
/// <c>?format=json</c>. 200 while the node serves (ok or degraded), 503 when it cannot (fail).
/// </summary>
/// <remarks>README §Monitoring.</remarks>
internal static class HealthEndpoint
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/health", HttpEndpointExtensions.GetAndHead, HandleAsync);
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext http, NodeHealth health)
    {
        var response = http.Response;
        response.Headers.CacheControl = "no-store";
        var format = http.Request.Query["format"].ToString().ToLowerInvariant();
        if (format is not ("" or "text" or "json"))
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync(ControlCharacters.Escape($"unknown format '{http.Request.Query["format"]}'; use text or json") + "\n", http.RequestAborted).ConfigureAwait(false);
            return;
        }

        var report = health.Check();
        response.StatusCode = report.Status == HealthStatus.Fail ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        if (format == "json" || (format.Length == 0 && http.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            var body = new HealthResponse(Word(report.Status), [.. report.Checks.Select(c => new HealthCheckResponse(c.Name, Word(c.Status), c.Detail, c.Reachable, c.Configured))]);
            response.ContentType = "application/json";
            await JsonSerializer.SerializeAsync(response.Body, body, HttpJsonContext.Default.HealthResponse, http.RequestAborted).ConfigureAwait(false);
            return;
        }

        var text = new StringBuilder().Append("status: ").Append(Word(report.Status)).Append('\n');
        foreach (var check in report.Checks)
        {
            text.Append(check.Name).Append(": ").Append(Word(check.Status)).Append(" (").Append(check.Detail).Append(")\n");
        }

        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync(text.ToString(), http.RequestAborted).ConfigureAwait(false);
    }

    private static string Word(HealthStatus status) => status switch
    {
        HealthStatus.Ok => "ok",
        HealthStatus.Degraded => "degraded",
        _ => "fail",
    };
}
