using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Testing;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;
using NumberDirectory.Core.Tests.Dundi;
using NumberDirectory.Server.Http;
using NumberDirectory.Server.Tests.Agi;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>
/// A stock Asterisk peer whose mapping is <c>e164 => dundi-local,30,SIP,${NUMBER}@pbx-w.example.net\;transport=wss,nopartial</c>
/// answers <c>ANSWER(SIP, w=30, '4101@pbx-w.example.net;transport=wss')</c>: the node keeps the answer and
/// renders it on every door. An answer it truly cannot read fails the lookup (or makes it partial)
/// and is counted; it never turns into "not found".
/// </summary>
public sealed class AsteriskParameterAnswerTests : IAsyncLifetime
{
    private const string Unusable = "numberdirectory_dundi_answers_unusable_total";
    private static readonly NodeId A = NodeId.Parse("02:00:00:00:00:0a");
    private static readonly NodeId B = NodeId.Parse("02:00:00:00:00:0b");
    private readonly TempDirectory _temp = new();
    private ScriptedAnswerPeer _asterisk = null!;
    private TestNode _node = null!;

    private static string Series => $"{Unusable}{{peer=\"{ScriptedAnswerPeer.Eid}\"}}";

    public async Task InitializeAsync()
    {
        _asterisk = new ScriptedAnswerPeer(number => number switch
        {
            "4101" => [(30, "4101@pbx-w.example.net;transport=wss")],
            "4102" => [(30, "4102@pbx-w.example.net;transport=carrier-pigeon")],
            "4103" => [(30, "4103@pbx-w.example.net;transport=wss"), (40, "4103@pbx w.example.net")],
            _ => [],
        });
        _node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?>
        {
            ["Node:Id"] = B.ToString(),
            ["Dundi:Peers:0:Id"] = A.ToString(),
            ["Dundi:Peers:0:Host"] = "127.0.0.1",
            ["Dundi:Peers:0:Model"] = "inbound",
            ["Dundi:Peers:0:Permit:0"] = "e164",
            ["Dundi:Peers:0:Qualify"] = "false",
            ["Dundi:Peers:1:Id"] = ScriptedAnswerPeer.Eid.ToString(),
            ["Dundi:Peers:1:Host"] = "127.0.0.1",
            ["Dundi:Peers:1:Port"] = _asterisk.Port.ToString(CultureInfo.InvariantCulture),
            ["Dundi:Peers:1:Model"] = "outbound",
            ["Dundi:Peers:1:Include:0"] = "e164",
            ["Dundi:Peers:1:Qualify"] = "false",
        }, services => services.AddLogging(logging => logging.AddFakeLogging()));
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _asterisk.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task AnswerWithTransportWss_IsKeptAndRenderedOnTheHttpAndAgiDoors()
    {
        using var response = await _node.Http.GetAsync(new Uri("/lookup/4101?timeout=2", UriKind.Relative));
        using var json = JsonDocument.Parse(await _node.Http.GetStringAsync(new Uri("/lookup/4101?format=json", UriKind.Relative)));
        var agi = await AgiTestClient.LookupAsync(_node.Agi, "4101");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("PJSIP/numberdirectory/sip:4101@pbx-w.example.net;transport=wss", (await response.Content.ReadAsStringAsync()).TrimEnd());
        var route = Assert.Single(json.RootElement.GetProperty("routes").EnumerateArray());
        Assert.Equal("sip:4101@pbx-w.example.net;transport=wss", route.GetProperty("uri").GetString());
        Assert.Equal(ScriptedAnswerPeer.Eid.ToString(), route.GetProperty("answeredBy").GetString());
        Assert.Equal(30, route.GetProperty("weight").GetInt32());
        Assert.Equal(("FOUND", "PJSIP/numberdirectory/sip:4101@pbx-w.example.net;transport=wss"), (agi["ND_STATUS"], agi["ND_DIAL"]));
        Assert.Equal(1, _asterisk.Discovers);
    }

    [Fact]
    public async Task AsteriskAskingThroughTheNode_GetsTheAnswerRelayedWithItsParameters()
    {
        using var probe = new WireProbe(_node.DundiAddress);
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(1).Wire, out var query, out _));
        probe.Send(query with
        {
            SourceTransaction = 0x3456,
            Elements = [.. query.Elements.Select(e => e.Type == DundiIeType.CalledNumber ? DundiElement.CalledNumber("4101") : e)],
        });

        var answer = await probe.ReceiveAnswerAsync();

        Assert.Equal(DundiCommand.DpResponse, answer.Command);
        Assert.Equal(
            [(ScriptedAnswerPeer.Eid, DundiProtocol.Sip, (ushort)30, "4101@pbx-w.example.net;transport=wss")],
            answer.Answers.Select(a => (a.Eid, a.Protocol, a.Weight, a.Destination)).ToArray());
    }

    [Fact]
    public async Task UnusableAnswer_FailsTheLookupIsCountedAndIsNeverCachedAsNotFound()
    {
        var before = await MetricsScrape.TakeAsync(_node);

        using var first = await _node.Http.GetAsync(new Uri("/lookup/4102?timeout=2", UriKind.Relative));
        using var second = await _node.Http.GetAsync(new Uri("/lookup/4102?timeout=2", UriKind.Relative));
        var agi = await AgiTestClient.LookupAsync(_node.Agi, "4102");
        var after = await MetricsScrape.TakeAsync(_node);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal("ERROR", first.Headers.GetValues(LookupEndpoint.StatusHeader).Single());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal("ERROR", agi["ND_STATUS"]);
        Assert.Equal(3, _asterisk.Discovers);
        Assert.Equal(3, after.Since(before, Series));
        var logged = _node.Services.GetFakeLogCollector().GetSnapshot().Select(r => r.Message).Where(m => m.Contains("cannot use", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [$"Peer {ScriptedAnswerPeer.Eid} answered 4102@e164 with a route the node cannot use, so that lookup is partial or failed (logged once): DUNDi Sip dest '4102@pbx-w.example.net;transport=carrier-pigeon' is not usable: sip URI 'sip:4102@pbx-w.example.net;transport=carrier-pigeon': parameter 'transport=carrier-pigeon': the transport is one of udp, tcp, tls, ws, wss"],
            logged);
    }

    [Fact]
    public async Task OneUsableAnswerAndOneUnusable_FoundWithTheUsableOneAndPartial()
    {
        var before = await MetricsScrape.TakeAsync(_node);

        using var response = await _node.Http.GetAsync(new Uri("/lookup/4103?timeout=2", UriKind.Relative));
        var after = await MetricsScrape.TakeAsync(_node);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("PJSIP/numberdirectory/sip:4103@pbx-w.example.net;transport=wss", (await response.Content.ReadAsStringAsync()).TrimEnd());
        Assert.Equal("1", response.Headers.GetValues(LookupEndpoint.PartialHeader).Single());
        Assert.Equal(1, after.Since(before, Series));
    }
}
