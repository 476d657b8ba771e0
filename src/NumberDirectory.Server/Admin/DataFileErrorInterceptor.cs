using Grpc.Core;
using Grpc.Core.Interceptors;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Admin;

/// <summary>
/// Turns a data file that refused a write (a disk gone, full or read-only; LiteDB's or the file
/// system's error, or the node's <see cref="StorageException"/>) into UNAVAILABLE naming it, instead of
/// gRPC's bare "Exception was thrown by handler" (UNKNOWN). The services take back what such a change
/// did in memory before the error reaches here, so the message can say the change was not made.
/// </summary>
internal sealed partial class DataFileErrorInterceptor(ILogger<DataFileErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDataFile(ex))
        {
            throw Unavailable(context, ex);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDataFile(ex))
        {
            throw Unavailable(context, ex);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDataFile(ex))
        {
            throw Unavailable(context, ex);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDataFile(ex))
        {
            throw Unavailable(context, ex);
        }
    }

    private static bool IsDataFile(Exception ex) => ex is StorageException or LiteDB.LiteException or IOException or ObjectDisposedException
        || (ex.InnerException is { } inner && IsDataFile(inner));

    private RpcException Unavailable(ServerCallContext context, Exception ex)
    {
        LogDataFileFailed(context.Method, ex);
        return new RpcException(new Status(
            StatusCode.Unavailable,
            $"the node's data file did not take the change ({Innermost(ex).Message}); nothing was changed. Check the disk and the node's /health, then try again"));
    }

    private static Exception Innermost(Exception ex) => ex.InnerException is { } inner && IsDataFile(inner) ? Innermost(inner) : ex;

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method}: the data file refused a write; the change was not made")]
    private partial void LogDataFileFailed(string method, Exception exception);
}
