using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http.Features;

namespace NumberDirectory.Server.Admin;

/// <summary>
/// Keeps the HTTP listeners apart: the admin services answer as gRPC only on the admin listener and
/// as JSON only on the JSON listener, and the lookup door's endpoints only on its own. Anything else
/// is 404, as if it were not there.
/// </summary>
internal sealed class AdminDoorGate(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, AdminCallerCheck callers)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        var json = metadata?.GetMetadata<GrpcJsonTranscodingMetadata>() is not null;
        var grpc = !json && metadata?.GetMetadata<GrpcMethodMetadata>() is not null;
        var allowed = AdminListener.IsAdminConnection(context) ? grpc
            : AdminListener.IsJsonConnection(context) ? json
            : !grpc && !json;
        // The lookup door's 4 KiB body limit is the server-wide one; an admin client from an allowed
        // network may send what the API's messages may hold (an import carries whole files). Anyone
        // else keeps the small limit, so it cannot make the node read megabytes before it is refused.
        // (Tokens are checked after the message is read, so a caller who forgot one gets a clear
        // UNAUTHENTICATED rather than a failed read.)
        if (allowed && (grpc || json)
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body
            && callers.Allows(context.Connection.RemoteIpAddress))
        {
            body.MaxRequestBodySize = AdminExtensions.MaxMessageBytes;
        }

        if (allowed)
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
