using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace NumberDirectory.Server.Hosting;

/// <summary>Parses listener addresses written as <c>host:port</c> in configuration.</summary>
internal static class ListenEndpoint
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out IPEndPoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty; write an address and port like 127.0.0.1:8080 or [::1]:8080";
            return false;
        }

        if (!IPEndPoint.TryParse(text.Trim(), out var parsed) || !HasPort(text))
        {
            error = $"'{text}' is not an address and port; write it like 127.0.0.1:8080, [::1]:8080 or 0.0.0.0:8080 (a host name is not accepted)";
            return false;
        }

        endpoint = parsed;
        error = null;
        return true;
    }

    /// <summary>
    /// The one-line start-up failure of a door that cannot bind <paramref name="endpoint"/>, naming its
    /// option: <c>Http:Listen 192.0.2.1:8080: cannot bind (the address is not on this host)</c>.
    /// </summary>
    public static StartupException BindFailure(string option, IPEndPoint endpoint, SocketException exception, string? inUse = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var reason = exception.SocketErrorCode switch
        {
            SocketError.AddressNotAvailable => "the address is not on this host",
            SocketError.AddressAlreadyInUse => "the port is in use by another program" + inUse,
            SocketError.AccessDenied => "permission denied; ports below 1024 need root or CAP_NET_BIND_SERVICE",
            SocketError.AddressFamilyNotSupported => $"this host has no {(endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")}",
            _ => exception.Message,
        };
        return new StartupException($"{option} {endpoint}: cannot bind ({reason})", exception);
    }

    /// <summary>The socket error behind <paramref name="exception"/> (Kestrel wraps it), if any.</summary>
    public static SocketException? FindSocketError(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket;
            }
        }

        return null;
    }

    // IPEndPoint.TryParse accepts a bare address with port 0; a listener needs the port spelled out.
    private static bool HasPort(string text)
    {
        var trimmed = text.Trim();
        var colon = trimmed.LastIndexOf(':');
        return colon > 0 && (trimmed[0] != '[' || trimmed[colon - 1] == ']');
    }
}
