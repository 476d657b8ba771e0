using Microsoft.Extensions.Options;
using NumberDirectory.Core.Caching;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Hosting;

/// <summary>
/// Restores the answer cache from the data file at start, saves it every
/// <c>Cache:SnapshotIntervalSeconds</c> and once more when the node stops.
/// </summary>
internal sealed partial class CacheSnapshots(
    LookupCache cache,
    CacheStore store,
    IOptions<AnswerCacheOptions> options,
    TimeProvider time,
    ILogger<CacheSnapshots> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var restored = cache.Restore(store.Load());
        LogRestored(restored);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.SnapshotIntervalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Save();
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
            store.Save(cache.Snapshot());
        }
        catch (Exception ex) when (ex is LiteDB.LiteException or IOException)
        {
            // The live cache is unaffected; only the warm start after a restart is lost.
            LogSaveFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {Count} cached answer(s) from the data file")]
    private partial void LogRestored(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not save the answer cache to the data file")]
    private partial void LogSaveFailed(Exception exception);
}
