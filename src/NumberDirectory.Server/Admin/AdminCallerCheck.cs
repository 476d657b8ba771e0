using System.Net;
using Microsoft.Extensions.Options;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Admin;

/// <summary>
/// Who may call the admin API: a client from <c>Admin:AllowedClients</c> (loopback by default) and,
/// when tokens are configured, one carrying a valid bearer token. Shared by the call interceptor,
/// which refuses, and the door gate, which lets only allowed clients send large requests.
/// </summary>
/// <remarks>docs/architecture.md §Admin API.</remarks>
internal sealed class AdminCallerCheck(AdminTokens tokens, IOptions<AdminOptions> options)
{
    private const string Bearer = "Bearer ";
    private readonly ClientNetworks _allowed = ClientNetworks.From(options.Value.AllowedClients);

    /// <summary>True when <paramref name="address"/> is in an allowed client network.</summary>
    public bool Allows(IPAddress? address) => _allowed.Allows(address);

    /// <summary>
    /// Who the caller is: the token's name, or the client address when no tokens are configured;
    /// null when tokens are required and <paramref name="authorization"/> carries no valid one.
    /// </summary>
    public string? Caller(IPAddress? address, string? authorization)
    {
        if (!tokens.Required)
        {
            return $"client {address}";
        }

        return authorization is not null && authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)
            ? tokens.Find(authorization[Bearer.Length..].Trim())
            : null;
    }
}
