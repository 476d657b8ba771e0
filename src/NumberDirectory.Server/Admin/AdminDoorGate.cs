using Grpc.AspNetCore.Server;

namespace NumberDirectory.Server.Admin;

/// <summary>
/// Keeps the two HTTP listeners apart: the admin services answer only on the admin listener, and the
/// lookup door's endpoints only on its own. Anything else is 404, as if it were not there.
/// </summary>
internal sealed class AdminDoorGate(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var admin = AdminListener.IsAdminConnection(context);
        var grpc = context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null;
        if (admin == grpc)
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
