namespace NumberDirectory.Server.Http;

/// <summary>Maps the node's read-only endpoints.</summary>
internal static class HttpEndpointExtensions
{
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>
    /// GET, and HEAD answered the same way without a body (RFC 9110 §9.3.2): monitoring probes and
    /// load balancers often check with HEAD. Kestrel drops what the handler writes for a HEAD.
    /// </summary>
    public static RouteHandlerBuilder MapGetAndHead(this IEndpointRouteBuilder endpoints, string pattern, Delegate handler) =>
        endpoints.MapMethods(pattern, GetAndHead, handler);
}
