using Grpc.Core;
using Grpc.Health.V1;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Admin;

/// <summary>
/// The standard gRPC health service (grpc.health.v1) on the admin listener, reporting what <c>/health</c>
/// reports: NOT_SERVING when the node cannot serve (a door down, the data file not writable), SERVING
/// otherwise — peers being down degrades the node but it still serves.
/// </summary>
internal sealed class HealthAdminService(NodeHealth health, TimeProvider time) : Health.HealthBase
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);

    public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) =>
        Task.FromResult(new HealthCheckResponse { Status = StatusOf(request.Service) });

    public override async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        HealthCheckResponse.Types.ServingStatus? sent = null;
        try
        {
            while (!context.CancellationToken.IsCancellationRequested)
            {
                var now = StatusOf(request.Service);
                if (now != sent)
                {
                    await responseStream.WriteAsync(new HealthCheckResponse { Status = now }).ConfigureAwait(false);
                    sent = now;
                }

                await Task.Delay(WatchInterval, time, context.CancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The watcher went away.
        }
    }

    // The node as a whole ("") and each admin service answer for the node; anything else is unknown.
    private HealthCheckResponse.Types.ServingStatus StatusOf(string service)
    {
        if (service.Length > 0 && !service.StartsWith("numberdirectory.admin.v1.", StringComparison.Ordinal))
        {
            return HealthCheckResponse.Types.ServingStatus.ServiceUnknown;
        }

        return health.Check().Status == HealthStatus.Fail
            ? HealthCheckResponse.Types.ServingStatus.NotServing
            : HealthCheckResponse.Types.ServingStatus.Serving;
    }
}
