using Microsoft.Extensions.Options;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Http;

/// <summary>Refuses HTTP clients outside <c>Http:AllowedClients</c> (loopback only by default) with 403.</summary>
internal sealed class ClientAllowList(RequestDelegate next, IOptions<HttpOptions> options, NodeMetrics metrics)
{
    private readonly ClientNetworks _allowed = ClientNetworks.From(options.Value.AllowedClients);

    public Task InvokeAsync(HttpContext context)
    {
        // The admin listener has its own allow-list, checked with its credentials on every call.
        if (_allowed.Allows(context.Connection.RemoteIpAddress) || Admin.AdminListener.IsAdminConnection(context) || Admin.AdminListener.IsJsonConnection(context))
        {
            return next(context);
        }

        metrics.Rejected(LookupEndpoint.Door, "client-not-allowed");
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.Response.WriteAsync("client address not allowed; add its network to Http:AllowedClients\n");
    }
}
