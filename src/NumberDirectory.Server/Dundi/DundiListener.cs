namespace NumberDirectory.Server.Dundi;

/// <summary>Runs the DUNDi socket's receive loop for the life of the node.</summary>
internal sealed partial class DundiListener(DundiEndpoint endpoint, DundiResponder responder, DundiPeerTable peers, ILogger<DundiListener> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        endpoint.Responder = responder;
        LogListening(endpoint.LocalEndpoint, peers.All.Count);
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => endpoint.RunAsync(stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await responder.StopAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DUNDi listening on UDP {Endpoint} with {Peers} peer(s)")]
    private partial void LogListening(System.Net.IPEndPoint endpoint, int peers);
}
