using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Http;

/// <summary>Maps <c>/metrics</c>: the node's series in the Prometheus text format (README §Monitoring).</summary>
internal static class MetricsEndpoint
{
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/metrics", HttpEndpointExtensions.GetAndHead, WriteAsync);
        return endpoints;
    }

    private static async Task WriteAsync(HttpContext http, NodeMetrics metrics)
    {
        http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await metrics.WriteAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
    }
}
