using System.Collections.Immutable;
using DnsClient;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.EnumDns;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>
/// The zones' SOA serial only moves forward (RFC 1982), across restarts too: kept in the data file,
/// moved on by every range change, and by configured ranges that changed between two starts.
/// </summary>
public sealed class EnumSerialTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static async Task<uint> SerialAsync(TestNode node) =>
        Assert.Single((await EnumClient.For(node.Enum).QueryAsync("e164.example.net", QueryType.SOA)).Answers.SoaRecords()).Serial;

    private static Dictionary<string, string?> Config(string pattern) => Ranges.Config((pattern, "sip:${NUMBER}@pbx.example.net", 0));

    [Fact]
    public async Task Restart_RightAfterChanges_ServesTheLastSerialAgain_NeverAnEarlierOne()
    {
        var data = _temp.Data();
        uint last;
        await using (var node = await TestNode.StartAsync(data, Config("_3XXX")))
        {
            var catalog = node.Services.GetRequiredService<RangeCatalog>();
            for (var i = 0; i < 20; i++)
            {
                Assert.True(catalog.TryPublish(new RangeDefinition("e164", $"5{i:D2}0", [new RouteDefinition("sip:${NUMBER}@pbx-e.example.net", 0, null)]), out _, out var errors, out _), string.Join("; ", errors));
            }

            last = await SerialAsync(node);
        }

        await using var again = await TestNode.StartAsync(data, Config("_3XXX"));

        Assert.Equal(last, await SerialAsync(again));
    }

    [Fact]
    public async Task ConfiguredRangesChangedBetweenStarts_TheSerialMovesForwardOnce()
    {
        var data = _temp.Data();
        uint first;
        await using (var node = await TestNode.StartAsync(data, Config("_3XXX")))
        {
            first = await SerialAsync(node);
        }

        uint same;
        await using (var node = await TestNode.StartAsync(data, Config("_3XXX")))
        {
            same = await SerialAsync(node);
        }

        await using var changed = await TestNode.StartAsync(data, Config("_4XXX"));

        Assert.Equal(first, same);
        Assert.Equal(unchecked(first + 1), await SerialAsync(changed));
    }

    [Fact]
    public void Advance_AtTheTopOfTheSerialSpace_WrapsToZero()
    {
        var zones = new EnumZoneSet(ImmutableArray<NumberDirectory.Core.EnumZones.EnumZone>.Empty, DateTimeOffset.UnixEpoch);

        zones.Resume(uint.MaxValue, configChanged: false);

        Assert.Equal(uint.MaxValue, zones.Serial);
        Assert.Equal(0u, zones.Advance());
        Assert.Equal(1u, zones.Resume(0u, configChanged: true));
    }
}
