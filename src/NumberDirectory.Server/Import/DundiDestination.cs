using System.Net;
using System.Text.RegularExpressions;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Server.Import;

/// <summary>
/// Turns a mapping's technology and dest string into a route URI template: IAX2/IAX → <c>iax2:</c>,
/// SIP/PJSIP → <c>sip:</c>, H323 → <c>h323:</c>. <c>${EXTEN}</c> becomes <c>${NUMBER}</c>;
/// <c>${SECRET}</c> credentials are dropped (not supported: docs/architecture.md §Routes).
/// </summary>
public static partial class DundiDestination
{
    /// <summary>Converts <paramref name="mapping"/>'s dest, reporting on <paramref name="line"/> what had to change.</summary>
    /// <returns>The template text, or null when no route can be made (already reported).</returns>
    public static string? Convert(DundiMapping mapping, ImportedNode node, ConfLine line, ImportLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(ledger);
        var scheme = mapping.Technology.ToUpperInvariant() switch
        {
            "IAX2" or "IAX" => "iax2",
            "SIP" or "PJSIP" => "sip",
            "H323" => "h323",
            _ => null,
        };
        if (scheme is null)
        {
            ledger.Lost(line, $"technology '{mapping.Technology}' has no route scheme", "write the route by hand as a sip:, iax2:, h323: or tel: URI");
            return null;
        }

        var dest = ExtenVariable().Replace(mapping.Destination, "${NUMBER$1}");
        if (dest.Contains("${SECRET}", StringComparison.Ordinal))
        {
            var at = dest.IndexOf('@', StringComparison.Ordinal);
            if (scheme != "iax2" || at < dest.IndexOf("${SECRET}", StringComparison.Ordinal))
            {
                ledger.Lost(line, "${SECRET} outside IAX2 credentials cannot be imported", "write the route by hand without ${SECRET}");
                return null;
            }

            ledger.Lost(
                line,
                $"Asterisk's rotating ${{SECRET}} is not supported; the credentials '{dest[..at]}@' were dropped from the route",
                "let the PBX accept these calls from an IAX2 guest user, or give the route static credentials (iax2:user:secret@host/${NUMBER})");
            dest = dest[(at + 1)..];
        }

        if (!Substitute(ref dest, "${IPADDR}", UsableAddress(node.BindAddress), "bindaddr in [general] names no single address", line, ledger)
            || !Substitute(ref dest, "${EID}", node.Id, "entityid is not set in [general]", line, ledger))
        {
            return null;
        }

        var text = $"{scheme}:{dest}";
        if (!RouteTemplate.TryParse(text, out _, out var error))
        {
            ledger.Lost(line, $"the route '{text}' is not valid: {error}", "write the route by hand");
            return null;
        }

        return text;
    }

    private static bool Substitute(ref string dest, string variable, string? value, string missing, ConfLine line, ImportLedger ledger)
    {
        if (!dest.Contains(variable, StringComparison.Ordinal))
        {
            return true;
        }

        if (value is null)
        {
            ledger.Lost(line, $"{variable} cannot be filled in: {missing}", $"write the route by hand with the value of {variable}");
            return false;
        }

        dest = dest.Replace(variable, value, StringComparison.Ordinal);
        return true;
    }

    // 0.0.0.0 and :: mean "every address": no single one to publish.
    private static string? UsableAddress(string? bind) =>
        bind is not null && IPAddress.TryParse(bind, out var address) && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any)
            ? (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString())
            : null;

    [GeneratedRegex(@"\$\{EXTEN((?::-?\d+){0,2})\}")]
    private static partial Regex ExtenVariable();
}
