using System.Net;
using ARSoft.Tools.Net.Dns;
using DnsClient;
using Google.Rpc;
using Grpc.Core;
using NumberDirectory.Admin.V1;
using NumberDirectory.Server.Tests.Admin;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.EnumDns;
using NumberDirectory.Server.Hosting;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>
/// AXFR and IXFR of a zone that answers from local ranges only: framing (SOA first and last, every
/// record once, bounded messages), contents equal to what the door answers, wildcards for variable
/// patterns, the journal's steps and its fallbacks, and the refusals.
/// </summary>
public sealed class ZoneTransferTests : IDisposable
{
    private const string Zone = "e164.example.net";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    internal static Dictionary<string, string?> LocalZone(params (string Pattern, string Uri, int Weight)[] ranges)
    {
        var settings = Ranges.Config(ranges);
        settings["Enum:Zones:0:Suffix"] = Zone;
        settings["Enum:Zones:0:Context"] = "e164";
        settings["Enum:Zones:0:Answers"] = "Local";
        settings["Enum:Zones:0:NameServers:0"] = "ns1.example.net";
        return settings;
    }

    private static RangeDefinition Definition(string pattern, string host) =>
        new("e164", pattern, [new RouteDefinition($"sip:${{NUMBER}}@{host}", 10, null)]);

    private static uint Serial(ZoneTransferClient.Transfer transfer) => ((SoaRecord)transfer.Records[0]).SerialNumber;

    [Fact]
    public async Task Axfr_StreamsEveryNameOnceBetweenTwoSoas_InMessagesOfBoundedSize()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), LocalZone(
            ("_+1555XXXX", "sip:${NUMBER}@pbx-a.example.net", 10),
            ("+15550105", "sip:special@pbx-d.example.net", 5),
            ("_+16669X.", "sip:${NUMBER}@pbx-c.example.net", 10),
            ("*97", "sip:voicemail@pbx-a.example.net", 10)));

        var transfer = await ZoneTransferClient.AxfrAsync(node.Enum, Zone);

        var records = transfer.Records;
        Assert.Equal(ReturnCode.NoError, transfer.Code);
        Assert.IsType<SoaRecord>(records[0]);
        Assert.IsType<SoaRecord>(records[^1]);
        Assert.Equal(2, records.Count(r => r is SoaRecord));
        Assert.Contains(records, r => r is NsRecord ns && ns.NameServer.ToString() == "ns1.example.net.");
        Assert.Equal(records.Count, records.Select(r => r.ToString()).Distinct().Count() + 1);

        // 10,000 numbers of _+1555XXXX (one of them the literal's), one wildcard; nothing for *97.
        var owners = records.OfType<NaptrRecord>().Select(r => r.Name.ToString()).Distinct().ToList();
        Assert.Equal(10_001, owners.Count);
        Assert.Contains("*.9.6.6.6.1.e164.example.net.", owners);
        var special = records.OfType<NaptrRecord>().Where(r => r.Name.ToString() == "5.0.1.0.5.5.5.1.e164.example.net.").ToList();
        Assert.All(special, r => Assert.Equal("!^.*$!sip:special@pbx-d.example.net!", r.RegExp));
        Assert.Contains(records.OfType<NaptrRecord>(), r => r.Name.ToString() == "*.9.6.6.6.1.e164.example.net." && r.RegExp == @"!^\+(16669[0-9][0-9]{1,9})$!sip:\1@pbx-c.example.net!");

        Assert.True(transfer.Messages.Count > 10, $"{transfer.Messages.Count} messages");
        Assert.All(transfer.Sizes, size => Assert.InRange(size, 1, ZoneTransferWriter.MessageLimit + 512));
        Assert.All(transfer.Messages, m => Assert.True(m.IsAuthoritiveAnswer));
        Assert.All(transfer.Messages, m => Assert.Equal(Zone + ".", Assert.Single(m.Questions).Name.ToString()));
    }

    [Fact]
    public async Task Axfr_CarriesForEachNumberWhatTheDoorAnswers()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), LocalZone(
            ("_+155501XX", "sip:${NUMBER}@pbx-a.example.net", 10),
            ("+15550105", "sip:special@pbx-d.example.net", 5)));
        var transfer = await ZoneTransferClient.AxfrAsync(node.Enum, Zone);
        var client = EnumClient.For(node.Enum);

        foreach (var number in new[] { "15550100", "15550105", "15550199" })
        {
            var name = string.Join('.', number.Reverse()) + "." + Zone;
            var door = (await client.QueryAsync(name, QueryType.NAPTR)).Answers.NAPtrRecords().Select(r => $"{r.Order} {r.Preference} {r.Flags} {r.Services} {r.RegularExpression}").Order();
            var zone = transfer.Records.OfType<NaptrRecord>().Where(r => r.Name.ToString() == name + ".").Select(r => $"{r.Order} {r.Preference} {r.Flags} {r.Services} {r.RegExp}").Order();
            Assert.Equal(door, zone);
        }
    }

    [Fact]
    public async Task Axfr_OfADirectoryZone_IsRefusedAndCounted()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), Ranges.Config(("_4XXX", "sip:${NUMBER}@pbx.example.net", 0)));

        var transfer = await ZoneTransferClient.AxfrAsync(node.Enum, Zone);
        var metrics = await MetricsScrape.TakeAsync(node);

        Assert.Equal(ReturnCode.Refused, transfer.Code);
        Assert.Empty(transfer.Records);
        Assert.Equal(1, metrics["numberdirectory_enum_transfers_total{kind=\"axfr\",outcome=\"refused\"}"]);
    }

    [Fact]
    public async Task Axfr_FromAClientOutsideTheTransferNetworks_IsRefused_FromOneInsideServed()
    {
        var settings = LocalZone(("_4XXX", "sip:${NUMBER}@pbx.example.net", 0));
        settings["Enum:Zones:0:Transfer:AllowedClients:0"] = "127.0.0.2/32";
        await using var node = await TestNode.StartAsync(_temp.Data(), settings);

        var refused = await ZoneTransferClient.AxfrAsync(node.Enum, Zone, IPAddress.Loopback);
        var served = await ZoneTransferClient.AxfrAsync(node.Enum, Zone, IPAddress.Parse("127.0.0.2"));

        Assert.Equal(ReturnCode.Refused, refused.Code);
        Assert.Empty(refused.Records);
        Assert.Equal(ReturnCode.NoError, served.Code);
        Assert.Equal(1_000, served.Records.OfType<NaptrRecord>().Select(r => r.Name).Distinct().Count());
    }

    [Fact]
    public async Task Ixfr_SendsEachStepSinceTheSecondarysSerial_ASingleSoaWhenCurrent_TheWholeZoneWhenTooOld()
    {
        var data = _temp.Data();
        uint start;
        await using (var node = await TestNode.StartAsync(data, LocalZone(("_4XXX", "sip:${NUMBER}@pbx-a.example.net", 0))))
        {
            start = Serial(await ZoneTransferClient.AxfrAsync(node.Enum, Zone));
            var catalog = node.Services.GetRequiredService<RangeCatalog>();
            Assert.True(catalog.TryPublish(Definition("_50XX", "pbx-b.example.net"), out _, out var errors, out _), string.Join("; ", errors));
            Assert.True(catalog.TryWithdraw("e164", "_50XX", out var error), error);
            Assert.True(catalog.TryPublish(Definition("5123", "pbx-c.example.net"), out _, out errors, out _), string.Join("; ", errors));

            var steps = await ZoneTransferClient.IxfrAsync(node.Enum, Zone, start);

            var soas = steps.Records.OfType<SoaRecord>().Select(s => s.SerialNumber).ToList();
            Assert.Equal([start + 3, start, start + 1, start + 1, start + 2, start + 2, start + 3, start + 3], soas);
            Assert.Equal(100 * 2 * 2, steps.Records.OfType<NaptrRecord>().Count(r => r.Name.ToString().EndsWith(".0.5.e164.example.net.", StringComparison.Ordinal)));
            Assert.Equal(2, steps.Records.OfType<NaptrRecord>().Count(r => r.Name.ToString() == "3.2.1.5.e164.example.net."));
        }

        // After a restart the history is still there, and the current serial gets one SOA.
        await using var again = await TestNode.StartAsync(data, LocalZone(("_4XXX", "sip:${NUMBER}@pbx-a.example.net", 0)));
        var current = await ZoneTransferClient.IxfrAsync(again.Enum, Zone, start + 3);
        var fromStart = await ZoneTransferClient.IxfrAsync(again.Enum, Zone, start + 2);
        var tooOld = await ZoneTransferClient.IxfrAsync(again.Enum, Zone, start - 50);

        Assert.Equal(start + 3, ((SoaRecord)Assert.Single(current.Records)).SerialNumber);
        Assert.Equal([start + 3, start + 2, start + 3, start + 3], fromStart.Records.OfType<SoaRecord>().Select(s => s.SerialNumber));
        Assert.Equal(2, tooOld.Records.Count(r => r is SoaRecord));
        Assert.Equal(1_001, tooOld.Records.OfType<NaptrRecord>().Select(r => r.Name).Distinct().Count());
    }

    [Fact]
    public async Task Ixfr_AfterAnUpdate_OneStepReplacesTheOldRecordsWithTheNew()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), LocalZone(("_4XXX", "sip:${NUMBER}@pbx-a.example.net", 0)));
        var catalog = node.Services.GetRequiredService<RangeCatalog>();
        Assert.True(catalog.TryPublish(Definition("_5X", "pbx-b.example.net"), out _, out var errors, out _), string.Join("; ", errors));
        var before = Serial(await ZoneTransferClient.AxfrAsync(node.Enum, Zone));

        Assert.True(catalog.TryUpdate(Definition("_5X", "pbx-new.example.net"), out _, out errors, out _, out _), string.Join("; ", errors));
        var step = await ZoneTransferClient.IxfrAsync(node.Enum, Zone, before);

        var records = step.Records;
        var soas = records.Select((r, i) => (r, i)).Where(x => x.r is SoaRecord).Select(x => x.i).ToList();
        var removed = records.Take(soas[2]).Skip(soas[1] + 1).OfType<NaptrRecord>().ToList();
        var added = records.Take(soas[3]).Skip(soas[2] + 1).OfType<NaptrRecord>().ToList();
        Assert.Equal([before + 1, before, before + 1, before + 1], records.OfType<SoaRecord>().Select(s => s.SerialNumber));
        Assert.Equal(20, removed.Count);
        Assert.All(removed, r => Assert.Contains("@pbx-b.example.net!", r.RegExp, StringComparison.Ordinal));
        Assert.Equal(20, added.Count);
        Assert.All(added, r => Assert.Contains("@pbx-new.example.net!", r.RegExp, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfiguredRangesOverTheZonesNameLimit_StopStartNamingTheOption()
    {
        var settings = LocalZone(("_4XXX", "sip:${NUMBER}@pbx-a.example.net", 0), ("_5XXX", "sip:${NUMBER}@pbx-b.example.net", 0));
        settings["Enum:Zones:0:MaxTransferNames"] = "1500";

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TestNode.StartAsync(_temp.Data(), settings));

        Assert.Contains("Enum:Zones:0:MaxTransferNames", failure.Message, StringComparison.Ordinal);
        Assert.Contains("2000 names", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuntimePublishOverTheZonesNameLimit_IsRefusedWithTheReason_AndNothingIsPublished()
    {
        var settings = LocalZone(("_4XXX", "sip:${NUMBER}@pbx-a.example.net", 0));
        settings["Enum:Zones:0:MaxTransferNames"] = "1050";
        await using var node = await TestNode.StartAsync(_temp.Data(), settings);
        var catalog = node.Services.GetRequiredService<RangeCatalog>();

        Assert.False(catalog.TryPublish(Definition("_5XX", "pbx-b.example.net"), out _, out var errors, out _));
        Assert.True(catalog.TryPublish(Definition("_5X", "pbx-b.example.net"), out _, out var fits, out _), string.Join("; ", fits));

        Assert.Contains(errors, e => e.Contains("Enum:Zones:0:MaxTransferNames (1050)", StringComparison.Ordinal));
        Assert.Null(node.Services.GetRequiredService<RangeTable>().Get("e164", "_5XX"));
    }

    [Fact]
    public async Task RuntimeVariableRangeWhoseRouteNoRegexpCanCarry_IsRefusedForATransferredZone()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), LocalZone(("_4XXX", "sip:${NUMBER}@pbx-a.example.net", 0)));
        var catalog = node.Services.GetRequiredService<RangeCatalog>();

        Assert.False(catalog.TryPublish(new RangeDefinition("e164", "_55X.", [new RouteDefinition("sip:${NUMBER:-4}@pbx.example.net", 0, null)]), out _, out var errors, out _));

        Assert.Contains(errors, e => e.Contains("${NUMBER:-4}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AdminPublishOverTheZonesNameLimit_IsInvalidArgumentOnThePattern()
    {
        var settings = LocalZone(("_4XXX", "sip:${NUMBER}@pbx-a.example.net", 0));
        settings["Enum:Zones:0:MaxTransferNames"] = "1050";
        await using var node = await TestNode.StartAsync(_temp.Data(), settings);
        using var channel = AdminClient.Channel(node);

        var failure = await Assert.ThrowsAsync<RpcException>(() => new RangeService.RangeServiceClient(channel).PublishRangeAsync(new PublishRangeRequest
        {
            Range = new NumberDirectory.Admin.V1.Range { Context = "e164", Pattern = "_5XX", Routes = { new NumberDirectory.Admin.V1.Route { UriTemplate = "sip:${NUMBER}@pbx-b.example.net", Weight = 10 } } },
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        var violation = Assert.Single(failure.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal("range.pattern", violation.Field);
        Assert.Contains("MaxTransferNames", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IxfrOverUdp_IsAnsweredWithTheCurrentSoaAlone()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), LocalZone(("_4XXX", "sip:${NUMBER}@pbx-a.example.net", 0)));
        var serial = Serial(await ZoneTransferClient.AxfrAsync(node.Enum, Zone));

        var answer = DnsMessage.Parse(await EnumClient.UdpAsync(node.Enum, DnsQueryParserTests.Query(Zone, type: 251)));

        Assert.Equal(ReturnCode.NoError, answer.ReturnCode);
        Assert.Equal(serial, Assert.IsType<SoaRecord>(Assert.Single(answer.AnswerRecords)).SerialNumber);
    }

    [Fact]
    public async Task Ixfr_AcrossTheTopOfTheSerialSpace_StepsFromTheLastSerialToZero()
    {
        var data = _temp.Data();
        var settings = LocalZone(("_4XXX", "sip:${NUMBER}@pbx-a.example.net", 0));
        await using (await TestNode.StartAsync(data, settings))
        {
        }

        using (var database = NodeDatabase.Open(data))
        {
            var store = new ZoneSerialStore(database);
            store.Save(uint.MaxValue, store.Load()!.Value.ConfigRanges);
        }

        await using var node = await TestNode.StartAsync(data, settings);
        Assert.True(node.Services.GetRequiredService<RangeCatalog>().TryPublish(Definition("5123", "pbx-c.example.net"), out _, out var errors, out _), string.Join("; ", errors));

        var step = await ZoneTransferClient.IxfrAsync(node.Enum, Zone, uint.MaxValue);
        var current = await ZoneTransferClient.IxfrAsync(node.Enum, Zone, 0);

        Assert.Equal([0u, uint.MaxValue, 0u, 0u], step.Records.OfType<SoaRecord>().Select(r => r.SerialNumber));
        Assert.Equal(2, step.Records.OfType<NaptrRecord>().Count());
        Assert.Equal(0u, ((SoaRecord)Assert.Single(current.Records)).SerialNumber);
    }
}
