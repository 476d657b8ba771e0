using Grpc.Core;
using Grpc.Core.Interceptors;

namespace NumberDirectory.Server.Admin;

/// <summary>
/// Every admin call: from an allowed client network (<c>Admin:AllowedClients</c>, loopback by default),
/// else PERMISSION_DENIED; with a valid bearer token when tokens are configured, else UNAUTHENTICATED.
/// Who called — the token's name, or the client address when no tokens are configured — is kept for
/// the services to record with each change.
/// </summary>
/// <remarks>docs/architecture.md §Admin API.</remarks>
internal sealed partial class AdminAuthInterceptor(AdminCallerCheck check, ILogger<AdminAuthInterceptor> logger) : Interceptor
{
    private const string CallerKey = "numberdirectory.caller";

    // The standard health service (grpc.health.v1) says SERVING or NOT_SERVING and nothing else, so a
    // load balancer or a service manager probes it without a token — still only from Admin:AllowedClients.
    private const string HealthService = "/grpc.health.v1.Health/";

    /// <summary>Who made the call, as recorded with changes.</summary>
    public static string Caller(ServerCallContext context) =>
        context.UserState.TryGetValue(CallerKey, out var caller) && caller is string name ? name : "unknown";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Admit(ServerCallContext context)
    {
        var address = context.GetHttpContext().Connection.RemoteIpAddress;
        if (!check.Allows(address))
        {
            LogNotAllowed(address, context.Method);
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"client address {address} is not allowed; add its network to Admin:AllowedClients"));
        }

        if (context.Method.StartsWith(HealthService, StringComparison.Ordinal))
        {
            context.UserState[CallerKey] = $"client {address}";
            return;
        }

        if (check.Caller(address, context.RequestHeaders.GetValue("authorization")) is not { } name)
        {
            LogUnauthenticated(address, context.Method);
            throw new RpcException(new Status(StatusCode.Unauthenticated, "this node requires an admin token: send 'authorization: Bearer <token>' (numdir: --token or NUMDIR_TOKEN)"));
        }

        context.UserState[CallerKey] = name;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin call {Method} from {Address} refused: not in Admin:AllowedClients")]
    private partial void LogNotAllowed(System.Net.IPAddress? address, string method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin call {Method} from {Address} refused: no valid token")]
    private partial void LogUnauthenticated(System.Net.IPAddress? address, string method);
}
