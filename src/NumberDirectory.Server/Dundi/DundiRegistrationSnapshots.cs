using System.Threading.Channels;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// Restores the registrations of dynamic peers that have not lapsed when the node starts, and keeps
/// the data file up to date as peers register, off the DUNDi receive path, and once more at stop.
/// </summary>
/// <remarks>docs/protocols/dundi.md §Registration.</remarks>
internal sealed partial class DundiRegistrationSnapshots(
    DundiPeerTable peers,
    RegistrationStore store,
    TimeProvider time,
    ILogger<DundiRegistrationSnapshots> logger) : BackgroundService
{
    // One pending save is enough: it writes whatever is registered when it runs.
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var (id, address, until) in store.Load())
        {
            // A peer no longer configured, or no longer dynamic, or a registration that lapsed
            // while the node was down, is not brought back.
            if (until > now && peers.TryGet(id, out var peer) && peer.StaticAddress is null)
            {
                peers.Register(peer, address, until);
                LogRestored(id, address, until);
            }
        }

        peers.Registered += _ => _changed.Writer.TryWrite(true);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _changed.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                _changed.Reader.TryRead(out _);
                Save();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: StopAsync saves once more.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        Save();
    }

    private void Save()
    {
        try
        {
            store.Save(peers.All
                .Where(p => p.RegisteredAddress is not null)
                .Select(p => (p.Id, p.RegisteredAddress!, p.RegisteredUntil!.Value)));
        }
        catch (Exception ex) when (ex is LiteDB.LiteException or IOException)
        {
            // Registrations live on in memory; only their survival across a restart is at stake.
            LogSaveFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored the registration of dynamic peer {Peer} at {Address} (until {Until:u})")]
    private partial void LogRestored(NumberDirectory.Core.Numbers.NodeId peer, System.Net.IPEndPoint address, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not save the dynamic peers' registrations to the data file")]
    private partial void LogSaveFailed(Exception exception);
}
