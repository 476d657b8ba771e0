namespace NumberDirectory.Server.Dundi;

/// <summary>Runs the DUNDi socket's receive loop for the life of the node.</summary>
internal sealed class DundiListener(DundiEndpoint endpoint, DundiResponder responder) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        endpoint.Responder = responder;
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => endpoint.RunAsync(stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await responder.StopAsync().ConfigureAwait(false);
    }
}
