namespace NumberDirectory.Server.Dundi;

/// <summary>Puts the runtime peers kept in the data file in the peer table before the DUNDi door opens.</summary>
internal sealed class DundiPeerStartup(DundiPeerCatalog catalog) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        catalog.LoadStored();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
