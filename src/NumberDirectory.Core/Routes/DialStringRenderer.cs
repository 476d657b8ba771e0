using System.Globalization;
using System.Text;

namespace NumberDirectory.Core.Routes;

/// <summary>
/// Renders a route URI as an Asterisk dial string, e.g. <c>PJSIP/4001@pbx-b.example</c>,
/// <c>PJSIP/numberdirectory/sip:4001@192.0.2.30:5070</c>,
/// <c>PJSIP/numberdirectory/sips:9601@pbx-w.example.net:8089</c> or
/// <c>IAX2/guest@pbx-b.example:4569/4001</c>, from the configured templates.
/// </summary>
/// <remarks>
/// docs/architecture.md §Route rendering (the dial string column) and §HTTP door (CURL
/// returns a plain dial string). IAX2 credentials are kept here: a dial string goes only to the PBX
/// that asked. A <c>tel:</c> route has no dial string: which trunk reaches the PSTN is the PBX's choice.
/// </remarks>
public sealed class DialStringRenderer
{
    private static readonly string[] Variables = ["USER", "HOST", "PORT", "HOSTPORT", "ENDPOINT", "DEST", "URI"];

    // The variables that carry a route's port into the dial string.
    private static readonly string[] PortVariables = ["PORT", "HOSTPORT", "DEST", "URI"];

    // The variables that carry its URI parameters, and TLS for a sips: route (DEST as ;transport=tls).
    private static readonly string[] ParameterVariables = ["DEST", "URI"];

    private readonly DialStringOptions _options;
    private readonly bool _sipTemplateKeepsPort;
    private readonly bool _sipTemplateKeepsParameters;

    /// <summary>
    /// Creates a renderer; throws <see cref="ArgumentException"/> when a template is invalid or two
    /// endpoint mappings match the same routes.
    /// </summary>
    public DialStringRenderer(DialStringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var template in new[] { options.SipTemplate, options.SipUriTemplate, options.IaxTemplate, options.H323Template })
        {
            if (ValidateTemplate(template) is { } error)
            {
                throw new ArgumentException(error, nameof(options));
            }
        }

        for (var i = 0; i < options.Endpoints.Count; i++)
        {
            if (options.Endpoints.Take(i).FirstOrDefault(e => e.MatchesSameRoutesAs(options.Endpoints[i])) is { } earlier)
            {
                throw new ArgumentException($"{earlier.Describe()} is mapped twice, to {earlier.Endpoint} and {options.Endpoints[i].Endpoint}", nameof(options));
            }
        }

        _options = options;
        var used = new HashSet<string>(StringComparer.Ordinal);
        Expand(
            options.SipTemplate,
            name =>
            {
                used.Add(name);
                return string.Empty;
            },
            out _);
        _sipTemplateKeepsPort = used.Overlaps(PortVariables);
        _sipTemplateKeepsParameters = used.Overlaps(ParameterVariables);
    }

    /// <summary>Checks a dial string template; returns what is wrong, or null when it is valid.</summary>
    public static string? ValidateTemplate(string? template)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            return "the dial string template is empty: write one such as PJSIP/${USER}@${ENDPOINT}";
        }

        return Expand(template, _ => string.Empty, out var error) is null ? error : null;
    }

    /// <summary>The dial string for <paramref name="uri"/>, or null for <c>tel:</c>, which is not dialable by itself.</summary>
    public string? Render(RouteUri uri)
    {
        var template = uri.Scheme switch
        {
            RouteScheme.Sip or RouteScheme.Sips when DialsByUri(uri) => _options.SipUriTemplate,
            RouteScheme.Sip or RouteScheme.Sips => _options.SipTemplate,
            RouteScheme.Iax2 => _options.IaxTemplate,
            RouteScheme.H323 => _options.H323Template,
            _ => null,
        };
        return template is null ? null : Expand(template, name => Value(uri, name), out _);
    }

    private string Value(RouteUri uri, string name) => name switch
    {
        "USER" => uri.User ?? string.Empty,
        "HOST" => uri.Host,
        "PORT" => uri.Port?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        "HOSTPORT" => uri.HostPort,
        "ENDPOINT" => Endpoint(uri),
        "DEST" => DundiRouteRenderer.Destination(uri),
        _ => uri.Text,
    };

    /// <summary>
    /// True when no endpoint name says where the route goes, so the URI itself is dialled through
    /// <see cref="DialStringOptions.DefaultEndpoint"/>: no <see cref="DialStringOptions.Endpoints"/> entry
    /// matches, and the SIP template has no place for the route's port (an endpoint named after the
    /// host would lose it, and pbx_dundi peers usually answer with one: <c>4001@192.0.2.30:5060</c>),
    /// its parameters (<c>;transport=wss</c>) or its <c>sips:</c> scheme (the call would not use TLS).
    /// </summary>
    private bool DialsByUri(RouteUri uri) =>
        MappedEndpoint(uri) is null
        && ((uri.Port is not null && !_sipTemplateKeepsPort)
            || ((uri.Parameters.Length > 0 || uri.Scheme == RouteScheme.Sips) && !_sipTemplateKeepsParameters));

    private string Endpoint(RouteUri uri) =>
        MappedEndpoint(uri) ?? (DialsByUri(uri) ? _options.DefaultEndpoint : uri.Host);

    private string? MappedEndpoint(RouteUri uri) =>
        _options.Endpoints.Where(e => e.Matches(uri)).MaxBy(e => e.Specificity)?.Endpoint;

    /// <summary>Substitutes <c>${NAME}</c>; null with the reason on an unclosed or unknown variable.</summary>
    private static string? Expand(string template, Func<string, string> value, out string? error)
    {
        var text = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '$' || i + 1 >= template.Length || template[i + 1] != '{')
            {
                text.Append(template[i]);
                continue;
            }

            var close = template.IndexOf('}', i + 2);
            if (close < 0)
            {
                error = $"'${{' at position {i + 1} of '{template}' is never closed";
                return null;
            }

            var name = template[(i + 2)..close];
            if (!Variables.Contains(name))
            {
                error = $"unknown variable ${{{name}}} in '{template}': use {string.Join(", ", Variables.Select(v => "${" + v + "}"))}";
                return null;
            }

            text.Append(value(name));
            i = close;
        }

        error = null;
        return text.ToString();
    }
}
