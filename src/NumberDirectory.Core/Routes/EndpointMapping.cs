using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace NumberDirectory.Core.Routes;

/// <summary>
/// Names the PJSIP endpoint a SIP route is dialled through: routes to <see cref="Host"/> (and, when
/// given, <see cref="Port"/> and <see cref="Transport"/>) dial <c>PJSIP/user@endpoint</c>, and the
/// endpoint's own configuration says how to reach them. Created only through <see cref="TryCreate"/>.
/// </summary>
/// <remarks>
/// A route's transport is its <c>transport</c> parameter, <c>tls</c> for a <c>sips:</c> route that names
/// none (or names tcp, RFC 5630 §3.1.3); a route without one matches only mappings without a transport.
/// docs/architecture.md §Route rendering.
/// </remarks>
public sealed record EndpointMapping
{
    private EndpointMapping(string host, int? port, string? transport, string endpoint)
    {
        Host = host;
        Port = port;
        Transport = transport;
        Endpoint = endpoint;
    }

    /// <summary>The host name or address, as routes write it (IPv6 in brackets); matched ignoring case.</summary>
    public string Host { get; }

    /// <summary>The port routes must name to match, or null for any port.</summary>
    public int? Port { get; }

    /// <summary>The transport routes must use to match (udp, tcp, tls, ws, wss; lower case), or null for any.</summary>
    public string? Transport { get; }

    /// <summary>The PJSIP endpoint name.</summary>
    public string Endpoint { get; }

    /// <summary>
    /// How many of port and transport this mapping names: of several that match a route, the one that
    /// names most wins, the port counting before the transport.
    /// </summary>
    internal int Specificity => (Port is null ? 0 : 2) + (Transport is null ? 0 : 1);

    /// <summary>
    /// Validates and creates a mapping; each error starts with the field it is about
    /// (<c>Host: …</c>, <c>Port: …</c>, <c>Transport: …</c>, <c>Endpoint: …</c>).
    /// </summary>
    public static bool TryCreate(string? host, int? port, string? transport, string? endpoint,
        [NotNullWhen(true)] out EndpointMapping? mapping, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        if (!UriSyntax.TryParseHostPort(host ?? string.Empty, out var parsedHost, out var hostPort, out var hostError))
        {
            problems.Add($"Host: {hostError}");
        }
        else if (hostPort is not null)
        {
            problems.Add($"Host: '{host}' is a host name or address alone; put the port in Port");
        }

        if (port is < 1 or > 65535)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Port: {port} is not a port; use 1 to 65535, or leave it out to match every port"));
        }

        var lower = string.IsNullOrEmpty(transport) ? null : transport.ToLowerInvariant();
        if (lower is not null && !UriParameters.Transports.Contains(lower))
        {
            problems.Add($"Transport: '{transport}' is not a transport; use {string.Join(", ", UriParameters.Transports.SkipLast(1))} or {UriParameters.Transports[^1]}, or leave it out to match every transport");
        }

        if (CheckEndpointName(endpoint) is { } endpointError)
        {
            problems.Add($"Endpoint: {endpointError}");
        }

        errors = problems;
        mapping = problems.Count == 0 ? new EndpointMapping(parsedHost, port, lower, endpoint!) : null;
        return mapping is not null;
    }

    /// <summary>Creates a mapping or throws <see cref="ArgumentException"/> with every reason.</summary>
    public static EndpointMapping Create(string host, string endpoint, int? port = null, string? transport = null) =>
        TryCreate(host, port, transport, endpoint, out var mapping, out var errors)
            ? mapping
            : throw new ArgumentException(string.Join("; ", errors), nameof(host));

    /// <summary>What is wrong with a PJSIP endpoint name (empty, or holding a space, <c>/</c>, <c>@</c> or <c>,</c>), or null.</summary>
    public static string? CheckEndpointName(string? endpoint) =>
        string.IsNullOrWhiteSpace(endpoint) || endpoint.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '@' or ',' or '&')
            ? $"'{endpoint}' is not a PJSIP endpoint name (no spaces, '/', '@', ',' or '&')"
            : null;

    /// <summary>True when this mapping and <paramref name="other"/> would match exactly the same routes.</summary>
    public bool MatchesSameRoutesAs(EndpointMapping other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase) && Port == other.Port && Transport == other.Transport;
    }

    /// <summary>A description for messages: <c>pbx-w.example.net port 8089 over wss</c>.</summary>
    public string Describe() =>
        Host + (Port is { } p ? string.Create(CultureInfo.InvariantCulture, $" port {p}") : string.Empty) + (Transport is { } t ? " over " + t : string.Empty);

    /// <summary>True when a route to <paramref name="uri"/> is dialled through this mapping's endpoint.</summary>
    internal bool Matches(RouteUri uri) =>
        string.Equals(Host, uri.Host, StringComparison.OrdinalIgnoreCase)
        && (Port is null || Port == uri.Port)
        && (Transport is null || Transport == RouteTransport(uri));

    private static string? RouteTransport(RouteUri uri) =>
        uri.Scheme == RouteScheme.Sips && uri.Transport is null or "tcp" ? "tls" : uri.Transport;
}
