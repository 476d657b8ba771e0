using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace NumberDirectory.Core.Routes;

/// <summary>
/// The uri-parameters of a <c>sip:</c>/<c>sips:</c> route (<c>;transport=wss;lr</c>): checked once, kept as
/// written. The well-known ones are validated (transport, user, lr, ttl, maddr, method); others pass
/// through when they are plain tokens, so every door can carry them without escaping.
/// </summary>
/// <remarks>
/// RFC 3261 §19.1.1 and §25.1 (uri-parameters), RFC 7118 §5.2 (transport ws and wss), RFC 5630 §3.1.3
/// (a sips URI is TLS on every hop; its transport=tcp means TLS over TCP).
/// </remarks>
internal static class UriParameters
{
    /// <summary>The transports a route may name: what Asterisk's PJSIP transports are.</summary>
    public static readonly IReadOnlyList<string> Transports = ["udp", "tcp", "tls", "ws", "wss"];

    /// <summary>
    /// Checks <paramref name="text"/> (everything from the first <c>;</c>, which it starts with), returning
    /// the transport named, in lower case, or null. The error names the parameter that is wrong.
    /// </summary>
    public static bool TryParse(string text, RouteScheme scheme, out string? transport, [NotNullWhen(false)] out string? error)
    {
        transport = null;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in text[1..].Split(';'))
        {
            if (parameter.Length == 0)
            {
                error = "an empty parameter (';;', or a ';' at the end)";
                return false;
            }

            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? parameter : parameter[..equals];
            var value = equals < 0 ? null : parameter[(equals + 1)..];
            if (name.Length == 0)
            {
                error = $"parameter '{parameter}' has no name";
                return false;
            }

            if (!Printable(parameter, name, value, out error) || !TryCheckKnown(parameter, name, value, scheme, out error))
            {
                return false;
            }

            if (!seen.Add(name))
            {
                error = $"parameter '{name.ToLowerInvariant()}' is given twice";
                return false;
            }

            if (string.Equals(name, "transport", StringComparison.OrdinalIgnoreCase))
            {
                transport = value!.ToLowerInvariant();
            }
        }

        error = null;
        return true;
    }

    /// <summary>
    /// <paramref name="text"/> with its transport set to <paramref name="transport"/>: the value replaced
    /// where the parameter is, or <c>;transport=…</c> appended.
    /// </summary>
    public static string WithTransport(string text, string transport)
    {
        var result = new StringBuilder();
        var replaced = false;
        foreach (var parameter in text.Length == 0 ? [] : text[1..].Split(';'))
        {
            var isTransport = parameter.StartsWith("transport=", StringComparison.OrdinalIgnoreCase);
            result.Append(';').Append(isTransport ? parameter[..10] + transport : parameter);
            replaced |= isTransport;
        }

        return replaced ? result.ToString() : result.Append(";transport=").Append(transport).ToString();
    }

    // The characters of names and values: tokens that need no escaping in a dial string, a DUNDi
    // dest or a NAPTR regexp; values may also hold a host (maddr) or an IPv6 reference.
    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '*' or '+' or '%';

    private static bool IsValueChar(char c) => IsNameChar(c) || c is ':' or '[' or ']';

    private static bool Printable(string parameter, string name, string? value, [NotNullWhen(false)] out string? error)
    {
        foreach (var c in name)
        {
            if (!IsNameChar(c))
            {
                error = $"'{UriSyntax.Printable(c)}' is not allowed in the parameter '{parameter}'";
                return false;
            }
        }

        foreach (var c in value ?? string.Empty)
        {
            if (!IsValueChar(c))
            {
                error = $"'{UriSyntax.Printable(c)}' is not allowed in the parameter '{parameter}'";
                return false;
            }
        }

        error = null;
        return true;
    }

    private static bool TryCheckKnown(string parameter, string name, string? value, RouteScheme scheme, [NotNullWhen(false)] out string? error)
    {
        error = name.ToLowerInvariant() switch
        {
            "transport" or "user" or "method" or "ttl" or "maddr" when string.IsNullOrEmpty(value) =>
                $"parameter '{parameter}' needs a value",
            "transport" when !Transports.Contains(value!.ToLowerInvariant()) =>
                $"parameter '{parameter}': the transport is one of {string.Join(", ", Transports)}",
            "transport" when scheme == RouteScheme.Sips && value!.ToLowerInvariant() is "udp" or "ws" =>
                $"parameter '{parameter}': a sips URI is secure on every hop: transport '{value!.ToLowerInvariant()}' is not (use tls, tcp or wss, or write sip:)",
            "lr" when value is not null =>
                $"parameter '{parameter}': lr takes no value",
            "ttl" when value!.Length > 3 || !value.All(char.IsAsciiDigit) || int.Parse(value, CultureInfo.InvariantCulture) > 255 =>
                $"parameter '{parameter}': ttl is a number from 0 to 255",
            "maddr" when !UriSyntax.TryParseHostPort(value!, out _, out var port, out var hostError) || port is not null =>
                $"parameter '{parameter}': {hostError ?? "maddr is an address without a port"}",
            _ => null,
        };
        return error is null;
    }
}
