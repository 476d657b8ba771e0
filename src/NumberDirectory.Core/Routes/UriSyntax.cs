using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace NumberDirectory.Core.Routes;

/// <summary>
/// The pieces of URI syntax routes share. Deliberately narrower than RFC 3986: every accepted
/// character is safe in an Asterisk dial string, a DUNDi dest and a NAPTR regexp, so no door
/// ever has to escape anything.
/// </summary>
/// <remarks>RFC 3261 §25.1 (SIP userinfo, hostport), RFC 6315 §2 (iax URI), RFC 3986 §3.2.2 (IP-literal).</remarks>
internal static class UriSyntax
{
    /// <summary>User parts: extensions and names (<c>4001</c>, <c>*99</c>, <c>alice.b</c>, percent escapes).</summary>
    public static bool IsUserChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '*' or '#' or '+' or '%';

    /// <summary>Static IAX2 secrets: like a user, plus <c>=</c> for base64-ish secrets.</summary>
    public static bool IsSecretChar(char c) => IsUserChar(c) || c == '=';

    /// <summary>Dialled numbers after the iax2 <c>/</c>: what an Asterisk extension may hold.</summary>
    public static bool IsNumberChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '*' or '#' or '+' or '-' or '_' or '.';

    /// <summary>Asterisk dialplan context names.</summary>
    public static bool IsContextChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    /// <summary>Checks a non-empty token made of allowed characters, naming the first bad one.</summary>
    public static bool TryCheck(string value, string what, Func<char, bool> allowed, [NotNullWhen(false)] out string? error)
    {
        if (value.Length == 0)
        {
            error = $"the {what} is empty";
            return false;
        }

        foreach (var c in value)
        {
            if (!allowed(c))
            {
                error = $"'{Printable(c)}' is not allowed in the {what} '{value}'";
                return false;
            }
        }

        error = null;
        return true;
    }

    /// <summary>Splits <c>host[:port]</c>, accepting names, IPv4 and bracketed IPv6 (<c>[2001:db8::1]:5060</c>).</summary>
    public static bool TryParseHostPort(string text, out string host, out int? port, [NotNullWhen(false)] out string? error)
    {
        host = string.Empty;
        port = null;
        string? portText = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"'{text}' opens an IPv6 address with '[' but never closes it with ']'";
                return false;
            }

            host = text[..(close + 1)];
            var inside = text[1..close];
            if (!IPAddress.TryParse(inside, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6 || inside.Contains('%', StringComparison.Ordinal))
            {
                error = $"'{inside}' is not an IPv6 address (write it like [2001:db8::1])";
                return false;
            }

            var after = text[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    error = $"after the IPv6 address '{host}' only ':port' may follow, not '{after}'";
                    return false;
                }

                portText = after[1..];
            }
        }
        else
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? text : text[..colon];
            portText = colon < 0 ? null : text[(colon + 1)..];
            if (portText is not null && portText.Contains(':', StringComparison.Ordinal))
            {
                error = $"'{text}' has several ':'; an IPv6 address goes in brackets, like [2001:db8::1]:5060";
                return false;
            }

            if (!IsHostName(host, out error))
            {
                return false;
            }
        }

        if (portText is not null)
        {
            if (portText.Length is 0 or > 5 || !portText.All(char.IsAsciiDigit)
                || int.Parse(portText, CultureInfo.InvariantCulture) is < 1 or > 65535)
            {
                error = $"port '{portText}' is not a number from 1 to 65535";
                return false;
            }

            port = int.Parse(portText, CultureInfo.InvariantCulture);
        }

        error = null;
        return true;
    }

    /// <summary>Renders <c>host[:port]</c>.</summary>
    public static string HostPort(string host, int? port) =>
        port is { } p ? host + ":" + p.ToString(CultureInfo.InvariantCulture) : host;

    /// <summary>Printable form of a character for error messages.</summary>
    public static string Printable(char c) => char.IsControl(c) || c > '~' ? $"\\u{(int)c:x4}" : c.ToString();

    private static bool IsHostName(string host, [NotNullWhen(false)] out string? error)
    {
        if (host.Length == 0)
        {
            error = "the host is empty";
            return false;
        }

        foreach (var label in host.Split('.'))
        {
            if (label.Length is 0 or > 63 || label.StartsWith('-') || label.EndsWith('-')
                || !label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                error = $"'{host}' is not a host name or address (letters, digits, '-' and '.' between labels; IPv6 in brackets)";
                return false;
            }
        }

        error = null;
        return true;
    }
}
