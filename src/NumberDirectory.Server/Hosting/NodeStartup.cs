using Microsoft.Extensions.Options;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Hosting;

/// <summary>
/// Runs before the doors open: reads the node identity, applies the config-owned ranges, then
/// loads the runtime ranges from the data file. A stored range that no longer validates is
/// reported and skipped, never deleted.
/// </summary>
internal sealed partial class NodeStartup(
    NodeIdentity identity,
    RangeTable table,
    RangeStore store,
    NodeDatabase database,
    IOptions<RangesOptions> configured,
    ILogger<NodeStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogIdentity(identity.Id, database.FilePath);
        var fromConfig = 0;
        foreach (var options in configured.Value.Ranges)
        {
            // Validated at startup already; a failure here would be a bug, so let it surface.
            if (!RangesOptionsValidator.ToDefinition(options).TryBuild(RangeSource.Config, out var range, out var errors))
            {
                throw new InvalidOperationException(string.Join("; ", errors));
            }

            Add(range);
            fromConfig++;
        }

        var fromData = 0;
        foreach (var document in store.LoadAll())
        {
            if (!RangeStore.ToDefinition(document).TryBuild(RangeSource.Runtime, out var range, out var errors))
            {
                LogStoredRangeInvalid(document.Id, string.Join("; ", errors));
                continue;
            }

            if (table.Get(range.Context, range.Pattern.Text) is { Source: RangeSource.Config })
            {
                LogShadowed(range.Key);
                continue;
            }

            Add(range);
            fromData++;
        }

        LogRangesLoaded(fromConfig, fromData);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Add(PublishedRange range)
    {
        if (!table.TryAdd(range, out var overlaps, out var error))
        {
            LogStoredRangeInvalid(range.Key, error);
            return;
        }

        foreach (var other in overlaps)
        {
            LogOverlap(range.Key, other.Key);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Eid} using data file {File}")]
    private partial void LogIdentity(NumberDirectory.Core.Numbers.NodeId eid, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published {Config} range(s) from configuration and {Data} from the data file")]
    private partial void LogRangesLoaded(int config, int data);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stored range {Key} is not valid and was skipped (kept in the data file): {Errors}")]
    private partial void LogStoredRangeInvalid(string key, string errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored range {Key} is hidden by the configured range with the same context and pattern")]
    private partial void LogShadowed(string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Range {Key} overlaps {Other}; the most specific pattern wins for numbers in both")]
    private partial void LogOverlap(string key, string other);
}
