namespace NumberDirectory.Server.Http;

/// <summary>The methods the node's read-only endpoints answer.</summary>
internal static class HttpEndpointExtensions
{
    /// <summary>
    /// GET, and HEAD answered the same way without a body (RFC 9110 §9.3.2): monitoring probes and
    /// load balancers often check with HEAD. Kestrel drops what the handler writes for a HEAD. Each
    /// endpoint passes its handler to <c>MapMethods</c> itself, so the request delegate generator
    /// compiles it at build time (it cannot see through a <see cref="Delegate"/> parameter).
    /// </summary>
    public static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];
}
