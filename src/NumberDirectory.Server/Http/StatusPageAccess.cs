using System.Net;
using Microsoft.Extensions.Options;
using NumberDirectory.Server.Admin;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Http;

/// <summary>
/// Who may read the status page, which shows peers and numbers. A client in <c>Http:StatusPageClients</c>
/// (loopback by default) is served as it asks under an IP address or <c>localhost</c>: a browser on the
/// node's host, or at the end of an SSH tunnel. Anyone else needs what an admin caller needs: an address in
/// <c>Admin:AllowedClients</c> (403) and a valid admin token (401). The door's own
/// <c>Http:AllowedClients</c> was checked before.
/// </summary>
/// <remarks>docs/status-page.md §Access.</remarks>
internal sealed class StatusPageAccess(IOptions<HttpOptions> options, AdminCallerCheck? admin = null, AdminTokens? tokens = null)
{
    private const string Tunnel = "or open an SSH tunnel to the node's HTTP door (ssh -L 8080:127.0.0.1:8080 node) and browse http://localhost:8080/";
    private readonly ClientNetworks _open = ClientNetworks.From(options.Value.StatusPageClients);

    /// <summary>Null when <paramref name="http"/> may read the page; else the status code and the reason to answer with.</summary>
    public (int Status, string Reason)? Refusal(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var address = http.Connection.RemoteIpAddress;
        if (_open.Allows(address))
        {
            // A page of another site could rebind its own name to 127.0.0.1 and read this one as same-origin:
            // its requests carry its name, never an address or localhost.
            return LocalHost(http.Request.Host.Host)
                ? null
                : (StatusCodes.Status403Forbidden, $"the status page is served without a token only as http://localhost:port/ or http://<address>:port/, not under the name '{http.Request.Host.Host}' (a guard against DNS rebinding); use the address, or send an admin token");
        }

        if (admin is null || tokens is null)
        {
            return (StatusCodes.Status403Forbidden, $"the status page is served to Http:StatusPageClients only, and {address} is not among them; add its network there, turn the admin API on (Admin:Enabled) and send an admin token, {Tunnel}");
        }

        if (!admin.Allows(address))
        {
            return (StatusCodes.Status403Forbidden, $"client address {address} may not act as an admin; add its network to Admin:AllowedClients and send an admin token, {Tunnel}");
        }

        if (!tokens.Required)
        {
            return (StatusCodes.Status403Forbidden, $"the status page needs an admin token from {address}, and this node has none; configure Admin:Tokens, {Tunnel}");
        }

        return admin.Caller(address, http.Request.Headers.Authorization.ToString()) is null
            ? (StatusCodes.Status401Unauthorized, $"the status page needs an admin token from {address}: send 'Authorization: Bearer <token>' with a token of Admin:Tokens, {Tunnel}")
            : null;
    }

    private static bool LocalHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host, out _);
}
