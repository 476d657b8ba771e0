using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Http;

/// <summary>Maps <c>/metrics</c>.</summary>
internal static class MetricsEndpoint
{
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGetAndHead("/metrics", (NodeMetrics metrics) => Results.Text(metrics.Render(), "text/plain; version=0.0.4"));
        return endpoints;
    }
}
