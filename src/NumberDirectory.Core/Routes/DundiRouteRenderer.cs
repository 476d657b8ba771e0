using System.Diagnostics.CodeAnalysis;

namespace NumberDirectory.Core.Routes;

/// <summary>
/// Route URIs to DUNDi ANSWER (protocol, dest) pairs and back, so answers learned from peers
/// become URIs the other doors can render.
/// </summary>
/// <remarks>
/// docs/architecture.md §Route rendering (the DUNDi column); docs/protocols/dundi.md §ANSWER.
/// An IAX2 dest is what Asterisk puts after <c>IAX2/</c>, so its context is <c>number@context</c>
/// where the URI writes <c>number?context</c>. Credentials in an IAX2 dest are kept: the dest goes
/// only to peers we answer, and Asterisk needs them to dial. A SIP dest keeps the URI's parameters
/// (<c>4005@pbx-w.example.net;transport=wss</c>, as Asterisk's own mappings send them). DUNDi has no
/// SIPS protocol, so a <c>sips:</c> route is offered as SIP over TLS (<c>;transport=tls</c>), and an
/// answer read back is a <c>sip:</c> URI that keeps that parameter (docs/protocols/dundi.md §ANSWER).
/// </remarks>
public static class DundiRouteRenderer
{
    /// <summary>
    /// The ANSWER for <paramref name="uri"/>; false for <c>tel:</c>, which is not offered over DUNDi
    /// (a PSTN number is not a destination a peer can dial).
    /// </summary>
    public static bool TryRender(RouteUri uri, out DundiProtocol protocol, out string dest)
    {
        protocol = uri.Scheme switch
        {
            RouteScheme.Sip or RouteScheme.Sips => DundiProtocol.Sip,
            RouteScheme.Iax2 => DundiProtocol.Iax,
            RouteScheme.H323 => DundiProtocol.H323,
            _ => DundiProtocol.None,
        };
        dest = protocol == DundiProtocol.None ? string.Empty : Destination(uri);
        return protocol != DundiProtocol.None;
    }

    /// <summary>Turns an ANSWER from a peer into a URI; false for protocol NONE or a dest that is not a valid URI body.</summary>
    public static bool TryParseAnswer(DundiProtocol protocol, string? dest, out RouteUri uri) =>
        TryParseAnswer(protocol, dest, out uri, out _);

    /// <summary>Turns an ANSWER from a peer into a URI, saying why when it cannot.</summary>
    public static bool TryParseAnswer(DundiProtocol protocol, string? dest, out RouteUri uri, [NotNullWhen(false)] out string? error)
    {
        uri = default;
        if (string.IsNullOrEmpty(dest))
        {
            error = "the DUNDi answer has an empty dest";
            return false;
        }

        var text = protocol switch
        {
            DundiProtocol.Sip or DundiProtocol.Pjsip => "sip:" + dest,
            DundiProtocol.Iax => "iax2:" + IaxContextToUri(dest),
            DundiProtocol.H323 => "h323:" + dest,
            _ => null,
        };
        if (text is null)
        {
            error = $"DUNDi protocol {protocol} has no route form";
            return false;
        }

        if (dest.Contains('?', StringComparison.Ordinal))
        {
            error = $"DUNDi {protocol} dest '{dest}' is not usable: '?' is not part of a dest (an IAX2 context is written number@context)";
            return false;
        }

        if (!RouteUri.TryParse(text, out uri, out var uriError))
        {
            error = $"DUNDi {protocol} dest '{dest}' is not usable: {uriError}";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>
    /// The URI without its scheme, in Asterisk's form: <c>user@host[:port][;parameters]</c> (a sips URI
    /// with <c>;transport=tls</c>), <c>[user[:secret]@]host[:port]/number[@context]</c>, or h323's rest.
    /// Also the dial string's <c>${DEST}</c>.
    /// </summary>
    internal static string Destination(RouteUri uri)
    {
        if (uri.Scheme == RouteScheme.Sips)
        {
            // TLS on every hop; RFC 5630 reads a sips transport=tcp as TLS over TCP.
            var parameters = uri.Transport is null or "tcp" ? UriParameters.WithTransport(uri.Parameters, "tls") : uri.Parameters;
            return uri.User + "@" + uri.HostPort + parameters;
        }

        var text = uri.Text;
        var rest = text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return uri.Context is null ? rest : rest[..rest.LastIndexOf('?')] + "@" + uri.Context;
    }

    private static string IaxContextToUri(string dest)
    {
        var slash = dest.IndexOf('/', StringComparison.Ordinal);
        var at = slash < 0 ? -1 : dest.IndexOf('@', slash);
        return at < 0 ? dest : dest[..at] + "?" + dest[(at + 1)..];
    }
}
