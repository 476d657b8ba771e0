using System.Reflection;
using Microsoft.Extensions.Options;
using NumberDirectory.Core.Peers;
using NumberDirectory.Server.Admin;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.EnumDns;
using NumberDirectory.Server.Hosting;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Http;

/// <summary>
/// <c>GET /</c>: the read-only status page, one server-rendered HTML document with nothing to fetch
/// besides itself (no script, no image, no font). <c>?explain=&lt;number&gt;&amp;context=&lt;ctx&gt;</c>
/// runs an explain as an admin action and shows its trace.
/// </summary>
/// <remarks>README §Status page; docs/status-page.md.</remarks>
internal static class StatusPageEndpoint
{
    /// <summary>The page may load nothing but itself and its inline style, submit its form only here, and never be framed.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static readonly string Version =
        typeof(StatusPageEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/", HttpEndpointExtensions.GetAndHead, HandleAsync);
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext http, StatusPageAccess access, AdminLookup lookups, IServiceProvider services)
    {
        var response = http.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers["Referrer-Policy"] = "no-referrer";
        if (access.Refusal(http) is { } refusal)
        {
            if (refusal.Status == StatusCodes.Status401Unauthorized)
            {
                response.Headers.WWWAuthenticate = "Bearer realm=\"numberdirectory\"";
            }

            await TextAsync(http, refusal.Status, refusal.Reason).ConfigureAwait(false);
            return;
        }

        var query = http.Request.Query;
        StatusPageExplain? explain = null;
        if (query.ContainsKey("explain"))
        {
            // A page of another site could otherwise make a visitor's browser run lookups here.
            if (http.Request.Headers["Sec-Fetch-Site"].ToString() is not ("" or "same-origin" or "none"))
            {
                await TextAsync(http, StatusCodes.Status403Forbidden, "the explain box runs only from this page or a typed address, not from another site's page").ConfigureAwait(false);
                return;
            }

            explain = await ExplainAsync(http, lookups, query["explain"].ToString().Trim(), query["context"].ToString().Trim()).ConfigureAwait(false);
        }

        var model = Snapshot(services, explain);
        response.StatusCode = explain is { Problem: not null } ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(StatusPageRenderer.Render(model, services.GetRequiredService<Core.Routes.DialStringRenderer>()), http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<StatusPageExplain> ExplainAsync(HttpContext http, AdminLookup lookups, string number, string context)
    {
        var contextName = AdminLookup.ContextOrDefault(context);
        if (AdminLookup.Problem(number, contextName, out var parsed) is { } problem)
        {
            return new StatusPageExplain(number, contextName, $"{problem.Field}: {problem.Message}", null);
        }

        var run = await lookups.RunAsync(parsed, contextName, lookups.DefaultBudget, http.Connection.RemoteIpAddress?.ToString() ?? string.Empty, http.RequestAborted).ConfigureAwait(false);
        return new StatusPageExplain(number, contextName, null, run);
    }

    private static StatusPageModel Snapshot(IServiceProvider services, StatusPageExplain? explain)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var identity = services.GetRequiredService<NodeIdentity>();
        var report = services.GetRequiredService<NodeHealth>().Check();
        var check = report.Checks.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var doors = new List<StatusPageDoor>
        {
            Door(check["http"], services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.Where(a => !IsAdmin(services, a)) ?? []),
            Door(check["agi"], [services.GetRequiredService<Agi.AgiListener>().LocalEndpoint?.ToString()]),
            Door(check["dundi"], [services.GetService<DundiEndpoint>()?.LocalEndpoint.ToString()]),
            services.GetRequiredService<EnumListener>().LocalEndpoint is { } enumEndpoint
                ? new StatusPageDoor("enum", $"{enumEndpoint} (UDP, TCP)", "ok", $"listening on {enumEndpoint}")
                : new StatusPageDoor("enum", string.Empty, "fail", "not listening"),
        };
        if (services.GetService<AdminListener>() is { } admin)
        {
            doors.Add(admin.LocalEndpoint is { } grpc
                ? new StatusPageDoor("admin", $"{grpc} (gRPC{(admin.Tls ? ", TLS" : string.Empty)})", "ok", $"listening on {grpc}")
                : new StatusPageDoor("admin", string.Empty, "fail", "not listening"));
            if (admin.JsonEndpoint is { } json)
            {
                doors.Add(new StatusPageDoor("admin-json", $"{json} (JSON)", "ok", $"listening on {json}"));
            }
        }
        else
        {
            doors.Add(new StatusPageDoor("admin", string.Empty, "off", "off: Admin:Enabled is false"));
        }

        var table = services.GetService<DundiPeerTable>();
        var peers = table?.All
            .OrderBy(p => p.Id.ToString(), StringComparer.Ordinal)
            .Select(p => new StatusPagePeer(
                p.Id.ToString(),
                p.Address?.ToString() ?? "dynamic (not registered)",
                p.Model.ToString().ToLowerInvariant(),
                PeerState(p),
                p.RoundTrip,
                p.LastSeen))
            .ToList();
        var history = services.GetRequiredService<LookupHistory>();
        var now = time.GetUtcNow();
        return new StatusPageModel(
            identity.Id,
            Version,
            identity.StartedAt,
            now,
            check["data"],
            services.GetRequiredService<NodeDatabase>().FilePath,
            report.Status,
            doors,
            peers,
            check["peers"].Detail,
            history.Activity(now),
            history.Recent(),
            explain);
    }

    private static bool IsAdmin(IServiceProvider services, string address)
    {
        var admin = services.GetService<AdminListener>();
        var port = new Uri(address).Port;
        return admin is not null && (admin.LocalEndpoint?.Port == port || admin.JsonEndpoint?.Port == port);
    }

    private static StatusPageDoor Door(HealthCheck check, IEnumerable<string?> endpoints) =>
        new(check.Name, string.Join(", ", endpoints.OfType<string>()), Word(check.Status), check.Detail);

    private static string Word(HealthStatus status) => status switch
    {
        HealthStatus.Ok => "ok",
        HealthStatus.Degraded => "degraded",
        _ => "fail",
    };

    // The same words as the peers line of /health.
    private static string PeerState(DundiPeer peer) => peer switch
    {
        { Address: null } => "not registered",
        { Reachability: PeerReachability.Reachable } => "reachable",
        { Reachability: PeerReachability.Lagged } => "lagged",
        { Reachability: PeerReachability.Unreachable } => "unreachable",
        { Qualify: true } => "not probed yet",
        _ => "not qualified",
    };

    private static async Task TextAsync(HttpContext http, int status, string text)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(ControlCharacters.Escape(text) + "\n", http.RequestAborted).ConfigureAwait(false);
    }
}
