using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.EnumDns;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Hosting;

/// <summary>
/// Keeps the ENUM zones' SOA serial moving forward only, across restarts too (RFC 1982 §3): resumes
/// it from the data file at start (once more forward when the configured ranges changed while the node
/// was down), and moves it on and stores it at every range change. Outside the door, which reads no
/// storage (docs/protocols/enum.md §Zones).
/// </summary>
internal sealed class ZoneSerialKeeper(EnumZoneSet zones, RangeTable ranges, ZoneSerialStore store, IOptions<RangesOptions> configRanges) : IHostedService
{
    private readonly string _configRanges = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(configRanges.Value.Ranges)));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The ranges are loaded by now (their loader starts first), so the serial resumed covers them.
        var stored = store.Load();
        store.Save(zones.Resume(stored?.Serial, stored is { } kept && kept.ConfigRanges != _configRanges), _configRanges);
        ranges.Changed += OnRangesChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        ranges.Changed -= OnRangesChanged;
        return Task.CompletedTask;
    }

    private void OnRangesChanged(object? sender, RangeChange change) => store.Save(zones.Advance(), _configRanges);
}
