using System.Diagnostics.CodeAnalysis;
using System.Net;

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

    // IPEndPoint.TryParse accepts a bare address with port 0; a listener needs the port spelled out.
    private static bool HasPort(string text)
    {
        var trimmed = text.Trim();
        var colon = trimmed.LastIndexOf(':');
        return colon > 0 && (trimmed[0] != '[' || trimmed[colon - 1] == ']');
    }
}
