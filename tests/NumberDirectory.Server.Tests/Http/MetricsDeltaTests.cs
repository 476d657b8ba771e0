using System.Globalization;
using System.Net;
using DnsClient;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Admin.V1;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Tests.Dundi;
using NumberDirectory.Server.Tests.Admin;
using NumberDirectory.Server.Tests.Agi;
using NumberDirectory.Server.Tests.Dundi;
using NumberDirectory.Server.Tests.EnumDns;

namespace NumberDirectory.Server.Tests.Http;

/// <summary>
/// <c>/metrics</c> of a node that served a scripted round of traffic on every door — HTTP, FastAGI,
/// DUNDi from its peer over a real UDP socket, ENUM over UDP and TCP, the admin API's Lookup over
/// gRPC — plus a malformed and a refused DUNDi packet and a range published into the data file: each
/// counter moved by exactly what was sent, each histogram by one sample per lookup or write. The
/// clock is the test's, so no retransmission or periodic snapshot can add to what is counted.
/// </summary>
public sealed class MetricsDeltaTests : IAsyncLifetime
{
    private const string Lookups = "numberdirectory_lookups_total";
    private const string Duration = "numberdirectory_lookup_duration_seconds";
    private const string Received = "numberdirectory_dundi_packets_received_total";
    private const string Sent = "numberdirectory_dundi_packets_sent_total";
    private const string Malformed = "numberdirectory_dundi_packets_malformed_total";
    private const string Refused = "numberdirectory_dundi_packets_refused_total";
    private const string Responses = "numberdirectory_enum_responses_total";
    private const string Writes = "numberdirectory_data_file_writes_total";
    private const string WriteDuration = "numberdirectory_data_file_write_duration_seconds";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly TempDirectory _temp = new();

    // Peer A of the captures (02:00:00:00:00:0a), asking node B.
    private readonly WireProbe _peer = new(new IPEndPoint(IPAddress.Loopback, 9));
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        var settings = Ranges.Config(("_4XXX", "sip:${NUMBER}@pbx-b.example.net", 0));
        settings["Node:Id"] = "02:00:00:00:00:0b";
        settings["Dundi:Peers:0:Id"] = "02:00:00:00:00:0a";
        settings["Dundi:Peers:0:Host"] = "127.0.0.1";
        settings["Dundi:Peers:0:Port"] = _peer.LocalPort.ToString(CultureInfo.InvariantCulture);
        settings["Dundi:Peers:0:Model"] = "inbound";
        settings["Dundi:Peers:0:Permit:0"] = "e164";
        settings["Dundi:Peers:0:Qualify"] = "false";
        settings["Enum:Zones:0:Suffix"] = "e164.example.net";
        _node = await TestNode.StartAsync(_temp.Data(), settings, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(_time)));
        _peer.Retarget(_node.DundiAddress);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _peer.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task EveryDoor_ScriptedTraffic_MovesEachCounterAndHistogramByExactlyWhatWasSent()
    {
        var before = await MetricsScrape.TakeAsync(_node);

        await ServeEveryDoorAsync();

        var after = await MetricsScrape.TakeAsync(_node);
        double Delta(string series) => after.Since(before, series);

        // Lookups by door and status, one latency sample each.
        Assert.Equal(1, Delta($"{Lookups}{{door=\"http\",status=\"found\"}}"));
        Assert.Equal(1, Delta($"{Lookups}{{door=\"http\",status=\"notfound\"}}"));
        Assert.Equal(1, Delta($"{Lookups}{{door=\"agi\",status=\"found\"}}"));
        Assert.Equal(1, Delta($"{Lookups}{{door=\"agi\",status=\"notfound\"}}"));
        Assert.Equal(1, Delta($"{Lookups}{{door=\"dundi\",status=\"found\"}}"));
        Assert.Equal(2, Delta($"{Lookups}{{door=\"enum\",status=\"found\"}}"));
        Assert.Equal(1, Delta($"{Lookups}{{door=\"enum\",status=\"notfound\"}}"));
        Assert.Equal(1, Delta($"{Lookups}{{door=\"admin\",status=\"found\"}}"));
        Assert.Equal(0, after.Series.Where(s => s.StartsWith(Lookups + "{", StringComparison.Ordinal) && s.Contains("status=\"failed\"", StringComparison.Ordinal)).Sum(s => Delta(s)));
        Assert.Equal(2, Delta($"{Duration}_count{{door=\"http\"}}"));
        Assert.Equal(2, Delta($"{Duration}_count{{door=\"agi\"}}"));
        Assert.Equal(1, Delta($"{Duration}_count{{door=\"dundi\"}}"));
        Assert.Equal(3, Delta($"{Duration}_count{{door=\"enum\"}}"));
        Assert.Equal(1, Delta($"{Duration}_count{{door=\"admin\"}}"));
        Assert.Equal(1, Delta($"{Duration}_bucket{{door=\"admin\",le=\"+Inf\"}}"));

        // DUNDi on the wire: the DPDISCOVER, the peer's ACK of the answer and a stray ACK in; the ACK
        // of the query (sent at once, as Asterisk does), the answer and the stray ACK's INVALID out;
        // the empty datagram malformed, the stray ACK refused.
        Assert.Equal(1, Delta($"{Received}{{command=\"dpdiscover\"}}"));
        Assert.Equal(2, Delta($"{Received}{{command=\"ack\"}}"));
        Assert.Equal(3, DeltaOfFamily(before, after, Received));
        Assert.Equal(1, Delta($"{Sent}{{command=\"ack\"}}"));
        Assert.Equal(1, Delta($"{Sent}{{command=\"dpresponse\"}}"));
        Assert.Equal(1, Delta($"{Sent}{{command=\"invalid\"}}"));
        Assert.Equal(3, DeltaOfFamily(before, after, Sent));
        Assert.Equal(1, Delta($"{Malformed}{{reason=\"truncated\"}}"));
        Assert.Equal(1, DeltaOfFamily(before, after, Malformed));
        Assert.Equal(1, Delta($"{Refused}{{reason=\"no-transaction\"}}"));
        Assert.Equal(1, DeltaOfFamily(before, after, Refused));
        Assert.Equal(1, Delta("numberdirectory_rejected_total{door=\"dundi\",reason=\"malformed-truncated\"}"));
        Assert.Equal(1, Delta("numberdirectory_rejected_total{door=\"dundi\",reason=\"no-transaction\"}"));

        // ENUM responses by rcode and transport.
        Assert.Equal(1, Delta($"{Responses}{{rcode=\"noerror\",transport=\"udp\"}}"));
        Assert.Equal(1, Delta($"{Responses}{{rcode=\"nxdomain\",transport=\"udp\"}}"));
        Assert.Equal(1, Delta($"{Responses}{{rcode=\"noerror\",transport=\"tcp\"}}"));
        Assert.Equal(3, DeltaOfFamily(before, after, Responses));

        // FastAGI: two sessions, both ran to their end before their sockets closed.
        Assert.Equal(2, Delta("numberdirectory_agi_sessions_accepted_total"));
        Assert.Equal(2, Delta("numberdirectory_agi_sessions_ended_total{outcome=\"completed\"}"));
        Assert.Equal(2, DeltaOfFamily(before, after, "numberdirectory_agi_sessions_ended_total"));

        // The publish: the range, the ENUM zone's journal step and new serial, and its audit entry, each committed once.
        Assert.Equal(1, Delta($"{Writes}{{collection=\"ranges\",outcome=\"ok\"}}"));
        Assert.Equal(1, Delta($"{Writes}{{collection=\"zone_journal\",outcome=\"ok\"}}"));
        Assert.Equal(1, Delta($"{Writes}{{collection=\"zone_serial\",outcome=\"ok\"}}"));
        Assert.Equal(1, Delta($"{Writes}{{collection=\"audit\",outcome=\"ok\"}}"));
        Assert.Equal(4, DeltaOfFamily(before, after, Writes));
        Assert.Equal(1, Delta($"{WriteDuration}_count{{collection=\"ranges\"}}"));
        Assert.Equal(4, DeltaOfFamily(before, after, WriteDuration + "_count"));
    }

    [Fact]
    public async Task CommandBytesDundiDoesNotDefine_CountedAsOneLabelValue()
    {
        var before = await MetricsScrape.TakeAsync(_node);

        // Two made-up commands that open nothing: each answered INVALID, in order.
        foreach (var command in new byte[] { 0x1f, 0x3c })
        {
            _peer.Send(new DundiMessage { SourceTransaction = 0x7ff0, Command = (DundiCommand)command });
            Assert.Equal(DundiCommand.Invalid, (await _peer.ReceiveAsync())?.Command);
        }

        var after = await MetricsScrape.TakeAsync(_node);

        Assert.Equal(2, after.Since(before, $"{Received}{{command=\"other\"}}"));
        Assert.Equal(2, DeltaOfFamily(before, after, Received));
        Assert.Equal(2, after.Since(before, $"{Sent}{{command=\"invalid\"}}"));
        Assert.Equal(2, after.Since(before, $"{Refused}{{reason=\"no-transaction\"}}"));
    }

    [Fact]
    public async Task DataFileThatNoLongerTakesWrites_AddingAPeerFails_CountedAsAFailedWriteWithItsTime()
    {
        var before = await MetricsScrape.TakeAsync(_node);

        // The file closed under the node, as when its disk goes away: LiteDB refuses the next write,
        // the peer's, which comes before anything else the change touches.
        _node.Services.GetRequiredService<NumberDirectory.Server.Storage.NodeDatabase>().Database.Dispose();
        using var channel = AdminClient.Channel(_node);
        var peer = new Peer { Id = "00:00:5e:00:53:0c", Host = "127.0.0.1", Model = PeerModel.Outbound, Include = { "e164" }, Qualify = false };
        await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => new PeerService.PeerServiceClient(channel).AddPeerAsync(new AddPeerRequest { Peer = peer }).ResponseAsync);

        var after = await MetricsScrape.TakeAsync(_node);

        Assert.Equal(1, after.Since(before, $"{Writes}{{collection=\"peers\",outcome=\"failed\"}}"));
        Assert.Equal(1, DeltaOfFamily(before, after, Writes));
        Assert.Equal(1, after.Since(before, $"{WriteDuration}_count{{collection=\"peers\"}}"));
    }

    [Fact]
    public async Task AgiSessionsOpen_BackToZeroOnceTheSessionsClosed()
    {
        await using (var session = await AgiTestClient.ConnectAsync(_node.Agi))
        {
            await PollAsync(scrape => scrape["numberdirectory_agi_sessions_open"] == 1);
        }

        await PollAsync(scrape => scrape["numberdirectory_agi_sessions_open"] == 0);
    }

    [PromtoolFact]
    public async Task ScrapeAfterTrafficOnEveryDoor_PassesPromtoolCheckMetrics()
    {
        await ServeEveryDoorAsync();
        var scrape = await MetricsScrape.TakeAsync(_node);

        var (exitCode, output) = await Promtool.CheckMetricsAsync(scrape.Text);

        Assert.True(exitCode == 0 && output.Length == 0, $"promtool check metrics: exit {exitCode}\n{output}\n--- scrape ---\n{scrape.Text}");
        Assert.All([Received, Sent, Malformed, Refused, Writes, WriteDuration + "_count", "numberdirectory_agi_sessions_ended_total"], family =>
            Assert.Contains(scrape.Series, s => s.StartsWith(family + "{", StringComparison.Ordinal)));
    }

    [PromtoolFact]
    public async Task SampleAlertRules_PassPromtoolCheckRules()
    {
        var rules = Path.Combine(Hosting.ConfigurationTests.RepositoryRoot(), "samples", "prometheus", "alerts.yml");

        var (exitCode, output) = await Promtool.CheckRulesAsync(rules);

        Assert.True(exitCode == 0, $"promtool check rules {rules}: exit {exitCode}\n{output}");
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    /// <summary>Every series of the README alert rules is one this node exports.</summary>
    [Fact]
    public async Task SampleAlertRules_UseOnlySeriesTheNodeExports()
    {
        await ServeEveryDoorAsync();
        var scrape = await MetricsScrape.TakeAsync(_node);
        var types = scrape.Text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToHashSet(StringComparer.Ordinal);
        var rules = await File.ReadAllTextAsync(Path.Combine(Hosting.ConfigurationTests.RepositoryRoot(), "samples", "prometheus", "alerts.yml"));

        var expressions = System.Text.RegularExpressions.Regex.Matches(rules, @"^\s+expr:(.*?)^\s+(?:for|labels):", System.Text.RegularExpressions.RegexOptions.Multiline | System.Text.RegularExpressions.RegexOptions.Singleline);
        var used = expressions.SelectMany(e => System.Text.RegularExpressions.Regex.Matches(e.Groups[1].Value, @"\b(numberdirectory_[a-z_]+)")).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(6, expressions.Count);
        Assert.NotEmpty(used);
        Assert.All(used, name => Assert.True(
            types.Contains(name) || (name.EndsWith("_bucket", StringComparison.Ordinal) && types.Contains(name[..^"_bucket".Length])),
            $"samples/prometheus/alerts.yml uses {name}, which /metrics does not export"));
    }

    /// <summary>One request of every kind the test counts; each answer read before the next is sent.</summary>
    private async Task ServeEveryDoorAsync()
    {
        // HTTP: found, not found.
        Assert.Equal(HttpStatusCode.OK, (await _node.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative))).StatusCode);
        await _node.Http.GetAsync(new Uri("/lookup/5001", UriKind.Relative));

        // FastAGI: found, not found; each session read to its end.
        Assert.Equal("FOUND", (await AgiTestClient.LookupAsync(_node.Agi, "4002"))["ND_STATUS"]);
        Assert.Equal("NOTFOUND", (await AgiTestClient.LookupAsync(_node.Agi, "5002"))["ND_STATUS"]);

        // DUNDi: the peer's DPDISCOVER, answered and acknowledged; an empty datagram; a stray ACK,
        // whose INVALID comes after anything the packets before it drew (one receive loop, in order).
        var transaction = (ushort)Random.Shared.Next(1, 0x7fff);
        _peer.Send(Query(transaction, "4003"));
        var answer = await AnswerToAsync(transaction);
        Assert.Contains(answer.Elements, e => e.Type == DundiIeType.Answer);
        _peer.Send([]);
        _peer.Send(new DundiMessage { SourceTransaction = 0x7ffe, DestinationTransaction = 0x7ffd, InboundSequence = 1, OutboundSequence = 1, Command = DundiCommand.Ack, IsFinal = true });
        Assert.Equal(DundiCommand.Invalid, (await _peer.ReceiveAsync())?.Command);

        // ENUM: found and not found over UDP, found over TCP.
        Assert.Equal(DnsHeaderResponseCode.NoError, (await EnumClient.For(_node.Enum).QueryAsync("4.0.0.4.e164.example.net", QueryType.NAPTR)).Header.ResponseCode);
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, (await EnumClient.For(_node.Enum).QueryAsync("4.0.0.5.e164.example.net", QueryType.NAPTR)).Header.ResponseCode);
        Assert.Equal(DnsHeaderResponseCode.NoError, (await EnumClient.For(_node.Enum, tcpOnly: true).QueryAsync("5.0.0.4.e164.example.net", QueryType.NAPTR)).Header.ResponseCode);

        // gRPC admin API: a lookup, then a range published (written to the data file).
        using var channel = AdminClient.Channel(_node);
        var lookup = await new LookupService.LookupServiceClient(channel).LookupAsync(new LookupRequest { Number = "4006" });
        Assert.NotEmpty(lookup.Answer.Routes);
        var route = new Route { UriTemplate = "sip:${NUMBER}@pbx-c.example.net" };
        await new RangeService.RangeServiceClient(channel).PublishRangeAsync(new PublishRangeRequest { Range = new NumberDirectory.Admin.V1.Range { Context = "e164", Pattern = "_6XXX", Routes = { route } } });
    }

    /// <summary>Peer A's query of capture 01, for another number and transaction.</summary>
    private static DundiMessage Query(ushort transaction, string number)
    {
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(1).Wire, out var query, out _));
        return query with
        {
            SourceTransaction = transaction,
            Elements = [.. query.Elements.Select(e => e.Type == DundiIeType.CalledNumber ? DundiElement.CalledNumber(number) : e)],
        };
    }

    /// <summary>The DPRESPONSE to the peer's transaction, acknowledged as Asterisk would.</summary>
    private async Task<DundiMessage> AnswerToAsync(ushort transaction)
    {
        while (true)
        {
            var message = await _peer.ReceiveAsync() ?? throw new Xunit.Sdk.XunitException($"no answer to transaction {transaction:x4}");
            if (message.Command == DundiCommand.DpResponse && message.DestinationTransaction == transaction)
            {
                _peer.Send(new DundiMessage { SourceTransaction = transaction, DestinationTransaction = message.SourceTransaction, InboundSequence = 1, OutboundSequence = 1, Command = DundiCommand.Ack, IsFinal = true });
                return message;
            }
        }
    }

    /// <summary>How much all the series of one family (every label set) grew.</summary>
    private static double DeltaOfFamily(MetricsScrape before, MetricsScrape after, string family) =>
        after.Series.Where(s => s == family || s.StartsWith(family + "{", StringComparison.Ordinal)).Sum(s => after.Since(before, s));

    /// <summary>Scrapes until <paramref name="condition"/> holds: for a gauge the door updates after the client saw the change.</summary>
    private async Task PollAsync(Func<MetricsScrape, bool> condition)
    {
        for (var attempt = 0; attempt < 250; attempt++)
        {
            if (condition(await MetricsScrape.TakeAsync(_node)))
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail("the scrape never showed the expected value");
    }
}
