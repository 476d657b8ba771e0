using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NumberDirectory.Core.EnumZones;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.EnumDns;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Hosting;

/// <summary>
/// Keeps the ENUM zones' SOA serial moving forward only, across restarts too (RFC 1982 §3): resumes
/// it from the data file at start (once more forward when the configured ranges changed while the node
/// was down), and at every range change moves it on, stores it with the step in the zone journal (what
/// IXFR sends) and has the secondaries notified. Outside the door, which reads no storage
/// (docs/protocols/enum.md §Zones and §Zone transfer). At start it also refuses ranges a transferred
/// zone cannot carry whole.
/// </summary>
internal sealed partial class ZoneSerialKeeper(
    EnumZoneSet zones,
    RangeTable ranges,
    ZoneSerialStore store,
    ZoneJournalStore journal,
    EnumZoneRenderer renderer,
    EnumZoneAdmission admission,
    EnumNotifier notifier,
    IOptions<RangesOptions> configRanges,
    ILogger<ZoneSerialKeeper> logger) : IHostedService
{
    private readonly string _configRanges = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(configRanges.Value.Ranges)));
    private readonly IReadOnlySet<string> _transferred = admission.Contexts;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The ranges are loaded by now (their loader starts first), so the serial resumed covers them.
        if (admission.Problems() is { Count: > 0 } problems)
        {
            throw new StartupException(string.Join(Environment.NewLine, problems));
        }

        var stored = store.Load();
        var changed = stored is { } kept && kept.ConfigRanges != _configRanges;
        var serial = zones.Resume(stored?.Serial, changed);
        if (stored is null || changed)
        {
            // What changed while the node was down is not in the journal: secondaries behind transfer it all.
            journal.Reset();
        }

        store.Save(serial, _configRanges);
        ranges.Changed += OnRangesChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        ranges.Changed -= OnRangesChanged;
        return Task.CompletedTask;
    }

    // Runs with no other change in between (RangeTable.Changed): the table is as this change left it.
    private void OnRangesChanged(object? sender, RangeChange change)
    {
        if (change.Kind == RangeChangeKind.Removed && change.Counterpart is not null)
        {
            // The first half of a replacement; its addition, next, carries the whole step.
            return;
        }

        var from = zones.Serial;
        (System.Collections.Immutable.ImmutableArray<EnumZoneName> Deleted, System.Collections.Immutable.ImmutableArray<EnumZoneName> Added)? diff =
            _transferred.Contains(change.Range.Context) ? renderer.Diff(ranges, change, ZoneJournalStore.MaxNames) : ([], []);
        var to = zones.Advance();
        store.Save(to, _configRanges);
        if (diff is { } step)
        {
            journal.Append(new EnumZoneDelta(from, to, change.Range.Context, step.Deleted, step.Added));
        }
        else
        {
            LogTooLarge(change.Range.Key, ZoneJournalStore.MaxNames);
            journal.Reset();
        }

        notifier.Changed();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Range {Key} changed more than {Max} ENUM names; secondaries behind this serial transfer the whole zone")]
    private partial void LogTooLarge(string key, int max);
}
