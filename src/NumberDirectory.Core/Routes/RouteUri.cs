using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace NumberDirectory.Core.Routes;

/// <summary>
/// A concrete route URI, the expansion of a <see cref="RouteTemplate"/> for one number or an answer
/// learned over DUNDi: <c>sip:4001@pbx-b.example</c>, <c>sip:4005@pbx-w.example.net;transport=wss</c>,
/// <c>iax2:guest@pbx-b.example:4569/4001</c>, <c>h323:4001@gw.example</c>, <c>tel:+442079460123</c>.
/// Every front door renders it from these parts.
/// </summary>
/// <remarks>
/// RFC 3261 §19.1 (sip/sips, with uri-parameters but no headers), RFC 6315 §2 (iax; <c>iax2:</c> is
/// Asterisk's dial form of it), RFC 3508 (h323), RFC 3966 (tel, global numbers only).
/// docs/architecture.md §Route rendering. The scheme is written in lower case; everything else
/// round-trips as given.
/// </remarks>
public readonly record struct RouteUri
{
    private readonly string? _text;

    private readonly string? _parameters;

    private RouteUri(RouteScheme scheme, string? user, string? secret, string host, int? port, string? number, string? context)
        : this(scheme, user, secret, host, port, number, context, null, null)
    {
    }

    private RouteUri(RouteScheme scheme, string? user, string? secret, string host, int? port, string? number, string? context, string? parameters, string? transport)
    {
        Scheme = scheme;
        User = user;
        Secret = secret;
        Host = host;
        Port = port;
        Number = number;
        Context = context;
        _parameters = parameters;
        Transport = transport;
        _text = Build();
    }

    /// <summary>The scheme.</summary>
    public RouteScheme Scheme { get; }

    /// <summary>The user part: always present for sip/sips, optional for iax2 and h323, null for tel.</summary>
    public string? User { get; }

    /// <summary>The static IAX2 secret (<c>user:secret@</c>); null for every other scheme. Never published in DNS.</summary>
    public string? Secret { get; }

    /// <summary>The host name or address; an IPv6 address keeps its brackets (<c>[2001:db8::1]</c>). Empty for tel.</summary>
    public string Host { get; }

    /// <summary>The port, when one was given.</summary>
    public int? Port { get; }

    /// <summary>The iax2 number after <c>/</c>, or the tel number with its <c>+</c>; null for sip, sips and h323.</summary>
    public string? Number { get; }

    /// <summary>The iax2 dialplan context after <c>?</c> (Asterisk's <c>number@context</c>); null when absent.</summary>
    public string? Context { get; }

    /// <summary>
    /// The uri-parameters of a sip/sips URI as written, with their leading <c>;</c>
    /// (<c>;transport=wss;lr</c>); empty when there are none, and always for the other schemes.
    /// </summary>
    public string Parameters => _parameters ?? string.Empty;

    /// <summary>The <c>transport</c> parameter in lower case (udp, tcp, tls, ws or wss), or null when not given.</summary>
    public string? Transport { get; }

    /// <summary><c>host[:port]</c>.</summary>
    public string HostPort => UriSyntax.HostPort(Host ?? string.Empty, Port);

    /// <summary>The URI text.</summary>
    public string Text => _text ?? string.Empty;

    /// <summary>The lower-case scheme name as written in URIs (<c>sip</c>, <c>iax2</c>, …).</summary>
    public static string SchemeName(RouteScheme scheme) => scheme switch
    {
        RouteScheme.Sip => "sip",
        RouteScheme.Sips => "sips",
        RouteScheme.Iax2 => "iax2",
        RouteScheme.H323 => "h323",
        RouteScheme.Tel => "tel",
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "unknown route scheme"),
    };

    /// <summary>Parses a URI, returning a message that says what is wrong and how to write it instead.</summary>
    public static bool TryParse(string? text, out RouteUri uri, [NotNullWhen(false)] out string? error)
    {
        uri = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "the route URI is empty: write one such as sip:4001@pbx-b.example";
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            error = $"'{text}' has no URI scheme: start it with sip:, sips:, iax2:, h323: or tel:";
            return false;
        }

        if (!TryParseScheme(text[..colon], out var scheme, out error))
        {
            return false;
        }

        var rest = text[(colon + 1)..];
        if (scheme is not (RouteScheme.Sip or RouteScheme.Sips) && rest.Contains(';', StringComparison.Ordinal))
        {
            error = $"'{text}': only sip: and sips: routes take URI parameters (';…')";
            return false;
        }

        return scheme switch
        {
            RouteScheme.Sip or RouteScheme.Sips => TryParseSip(scheme, rest, out uri, out error),
            RouteScheme.Iax2 => TryParseIax2(rest, out uri, out error),
            RouteScheme.H323 => TryParseH323(rest, out uri, out error),
            _ => TryParseTel(rest, out uri, out error),
        };
    }

    /// <summary>Parses a URI or throws <see cref="FormatException"/> with the reason.</summary>
    public static RouteUri Parse(string text) =>
        TryParse(text, out var uri, out var error) ? uri : throw new FormatException(error);

    /// <summary>Parses a scheme name, case-insensitively, with advice for near misses.</summary>
    public static bool TryParseScheme(string? name, out RouteScheme scheme, [NotNullWhen(false)] out string? error)
    {
        foreach (var candidate in Enum.GetValues<RouteScheme>())
        {
            if (string.Equals(name, SchemeName(candidate), StringComparison.OrdinalIgnoreCase))
            {
                scheme = candidate;
                error = null;
                return true;
            }
        }

        scheme = default;
        error = name?.ToUpperInvariant() switch
        {
            "IAX" => "write iax2: for IAX routes (iax: is the RFC 6315 form, which ENUM publishes for you)",
            "PJSIP" => "write sip: for SIP routes; PJSIP/ is how the dial string renders them",
            "SIP2" => "write sip: or sips:",
            _ => $"unknown URI scheme '{name}': use one of sip, sips, iax2, h323, tel",
        };
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static bool TryParseSip(RouteScheme scheme, string rest, out RouteUri uri, [NotNullWhen(false)] out string? error)
    {
        uri = default;
        var name = SchemeName(scheme);
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            error = $"a {name} URI needs user@host, e.g. {name}:4001@pbx-b.example";
            return false;
        }

        var user = rest[..at];
        if (user.Contains(':', StringComparison.Ordinal))
        {
            error = $"a {name} URI carries no password: configure the credentials on the PJSIP endpoint instead";
            return false;
        }

        var hostPart = rest[(at + 1)..];
        if (hostPart.Contains('?', StringComparison.Ordinal))
        {
            error = $"{name} URI '{name}:{rest}': a route carries no headers ('?…'); it says where a call goes, not what the INVITE holds";
            return false;
        }

        var semicolon = hostPart.IndexOf(';', StringComparison.Ordinal);
        var parameters = semicolon < 0 ? null : hostPart[semicolon..];
        string? transport = null;
        if (!UriSyntax.TryCheck(user, "user part", UriSyntax.IsUserChar, out error)
            || !UriSyntax.TryParseHostPort(semicolon < 0 ? hostPart : hostPart[..semicolon], out var host, out var port, out error)
            || (parameters is not null && !UriParameters.TryParse(parameters, scheme, out transport, out error)))
        {
            error = $"{name} URI '{name}:{rest}': {error}";
            return false;
        }

        uri = new RouteUri(scheme, user, null, host, port, null, null, parameters, transport);
        return true;
    }

    private static bool TryParseIax2(string rest, out RouteUri uri, [NotNullWhen(false)] out string? error)
    {
        uri = default;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            error = $"an iax2 URI needs host/number, e.g. iax2:pbx-b.example/4001 (got 'iax2:{rest}')";
            return false;
        }

        var authority = rest[..slash];
        var path = rest[(slash + 1)..];
        string? user = null, secret = null, context = null;
        var at = authority.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var userInfo = authority[..at];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            user = colon < 0 ? userInfo : userInfo[..colon];
            secret = colon < 0 ? null : userInfo[(colon + 1)..];
            authority = authority[(at + 1)..];
            if (!UriSyntax.TryCheck(user, "user part", UriSyntax.IsUserChar, out error)
                || (secret is not null && !UriSyntax.TryCheck(secret, "secret", UriSyntax.IsSecretChar, out error)))
            {
                error = $"iax2 URI: {error}";
                return false;
            }
        }

        var question = path.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            context = path[(question + 1)..];
            path = path[..question];
            if (!UriSyntax.TryCheck(context, "context", UriSyntax.IsContextChar, out error))
            {
                error = $"iax2 URI: {error}";
                return false;
            }
        }

        if (path.Contains('@', StringComparison.Ordinal))
        {
            error = $"iax2 URI: write the context as /number?context, not /number@context (got 'iax2:{rest}')";
            return false;
        }

        if (!UriSyntax.TryParseHostPort(authority, out var host, out var port, out error)
            || !UriSyntax.TryCheck(path, "number after '/'", UriSyntax.IsNumberChar, out error))
        {
            error = $"iax2 URI 'iax2:{rest}': {error}";
            return false;
        }

        uri = new RouteUri(RouteScheme.Iax2, user, secret, host, port, path, context);
        return true;
    }

    private static bool TryParseH323(string rest, out RouteUri uri, [NotNullWhen(false)] out string? error)
    {
        uri = default;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var user = at < 0 ? null : rest[..at];
        if ((user is not null && !UriSyntax.TryCheck(user, "user part", UriSyntax.IsUserChar, out error))
            || !UriSyntax.TryParseHostPort(rest[(at + 1)..], out var host, out var port, out error))
        {
            error = $"h323 URI 'h323:{rest}': {error}";
            return false;
        }

        uri = new RouteUri(RouteScheme.H323, user, null, host, port, null, null);
        return true;
    }

    private static bool TryParseTel(string rest, out RouteUri uri, [NotNullWhen(false)] out string? error)
    {
        uri = default;
        if (rest.Length is < 2 or > 16 || rest[0] != '+' || rest.AsSpan(1).ContainsAnyExceptInRange('0', '9'))
        {
            error = $"'tel:{rest}' is not a global number: a tel URI is tel:+ and 1 to 15 digits, e.g. tel:+442079460123";
            return false;
        }

        uri = new RouteUri(RouteScheme.Tel, null, null, string.Empty, null, rest, null);
        error = null;
        return true;
    }

    private string Build()
    {
        var text = new StringBuilder(SchemeName(Scheme)).Append(':');
        if (Scheme == RouteScheme.Tel)
        {
            return text.Append(Number).ToString();
        }

        if (User is not null)
        {
            text.Append(User);
            if (Secret is not null)
            {
                text.Append(':').Append(Secret);
            }

            text.Append('@');
        }

        text.Append(HostPort).Append(_parameters);
        if (Number is not null)
        {
            text.Append('/').Append(Number);
        }

        if (Context is not null)
        {
            text.Append('?').Append(Context);
        }

        return text.ToString();
    }
}
