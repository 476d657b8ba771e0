using System.Net;
using System.Text;
using System.Text.Json;
using DnsClient;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;
using NumberDirectory.Core.Tests.Dundi;
using NumberDirectory.Server.Tests.Agi;
using NumberDirectory.Server.Tests.Dundi;
using NumberDirectory.Server.Tests.EnumDns;

namespace NumberDirectory.Server.Tests;

/// <summary>
/// A node that publishes routes to WebRTC (wss), TLS and TCP extensions and a sips: route renders
/// them, parameters and port kept, on every door: HTTP text, JSON and hash, FastAGI, DUNDi and ENUM.
/// </summary>
public sealed class RouteParameterDoorTests : IAsyncLifetime
{
    private static readonly NodeId A = NodeId.Parse("02:00:00:00:00:0a");
    private static readonly NodeId B = NodeId.Parse("02:00:00:00:00:0b");
    private readonly TempDirectory _temp = new();
    private TestNode _node = null!;

    // Number asked → the route URI as published, the default dial string, the DUNDi SIP dest.
    private static readonly Dictionary<string, (string Uri, string Dial, string Dest)> Expected = new()
    {
        ["4005"] = ("sip:4005@pbx-w.example.net;transport=wss", "PJSIP/numberdirectory/sip:4005@pbx-w.example.net;transport=wss", "4005@pbx-w.example.net;transport=wss"),
        ["4105"] = ("sip:4105@pbx-w.example.net:5061;transport=tls", "PJSIP/numberdirectory/sip:4105@pbx-w.example.net:5061;transport=tls", "4105@pbx-w.example.net:5061;transport=tls"),
        ["4201"] = ("sip:4201@192.0.2.30:5070;transport=tcp", "PJSIP/numberdirectory/sip:4201@192.0.2.30:5070;transport=tcp", "4201@192.0.2.30:5070;transport=tcp"),
        ["9601"] = ("sips:9601@pbx-w.example.net:8089", "PJSIP/numberdirectory/sips:9601@pbx-w.example.net:8089", "9601@pbx-w.example.net:8089;transport=tls"),
    };

    public async Task InitializeAsync()
    {
        var settings = Ranges.Config(
            ("_40XX", "sip:${NUMBER}@pbx-w.example.net;transport=wss", 10),
            ("_41XX", "sip:${NUMBER}@pbx-w.example.net:5061;transport=tls", 20),
            ("_42XX", "sip:${NUMBER}@192.0.2.30:5070;transport=tcp", 30),
            ("_96XX", "sips:${NUMBER}@pbx-w.example.net:8089", 40));
        settings["Node:Id"] = B.ToString();
        settings["Dundi:Peers:0:Id"] = A.ToString();
        settings["Dundi:Peers:0:Host"] = "127.0.0.1";
        settings["Dundi:Peers:0:Model"] = "inbound";
        settings["Dundi:Peers:0:Permit:0"] = "e164";
        settings["Dundi:Peers:0:Qualify"] = "false";
        _node = await TestNode.StartAsync(_temp.Data(), settings);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _temp.Dispose();
    }

    [Theory]
    [InlineData("4005")]
    [InlineData("4105")]
    [InlineData("4201")]
    [InlineData("9601")]
    public async Task HttpText_PublishedRoute_GivesADialStringThatKeepsPortParametersAndScheme(string number)
    {
        var dial = Expected[number].Dial;
        using var response = await _node.Http.GetAsync(new Uri($"/lookup/{number}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(dial, (await response.Content.ReadAsStringAsync()).TrimEnd());
    }

    [Theory]
    [InlineData("4005")]
    [InlineData("4105")]
    [InlineData("4201")]
    [InlineData("9601")]
    public async Task HttpJson_PublishedRoute_KeepsTheUriAsPublished(string number)
    {
        var (uri, dial, _) = Expected[number];
        using var json = JsonDocument.Parse(await _node.Http.GetStringAsync(new Uri($"/lookup/{number}?format=json", UriKind.Relative)));

        var route = Assert.Single(json.RootElement.GetProperty("routes").EnumerateArray());
        Assert.Equal(uri, route.GetProperty("uri").GetString());
        Assert.Equal(dial, route.GetProperty("dial").GetString());
    }

    [Theory]
    [InlineData("4005")]
    [InlineData("4105")]
    [InlineData("4201")]
    [InlineData("9601")]
    public async Task HttpHash_PublishedRoute_DialValueDecodesToTheDialString(string number)
    {
        var dial = Expected[number].Dial;
        var body = await _node.Http.GetStringAsync(new Uri($"/lookup/{number}?format=hash", UriKind.Relative));

        var values = body.TrimEnd().Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal("FOUND", values["status"]);
        Assert.Equal(dial, values["dial"]);
        Assert.Equal(dial, values["all"]);
    }

    [Theory]
    [InlineData("4005")]
    [InlineData("4105")]
    [InlineData("4201")]
    [InlineData("9601")]
    public async Task FastAgi_PublishedRoute_SetsTheDialStringAndTheUri(string number)
    {
        var (uri, dial, _) = Expected[number];
        var variables = await AgiTestClient.LookupAsync(_node.Agi, number);

        Assert.Equal("FOUND", variables["ND_STATUS"]);
        Assert.Equal(dial, variables["ND_DIAL"]);
        Assert.Equal(uri, variables["ND_URI_1"]);
    }

    [Theory]
    [InlineData("4005")]
    [InlineData("4105")]
    [InlineData("4201")]
    [InlineData("9601")]
    public async Task Dundi_AsterisksQuery_AnsweredWithTheDestAsAsteriskSendsIt(string number)
    {
        var dest = Expected[number].Dest;
        using var probe = new WireProbe(_node.DundiAddress);
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(1).Wire, out var query, out _));
        probe.Send(query with
        {
            SourceTransaction = 0x2345,
            Elements = [.. query.Elements.Select(e => e.Type == DundiIeType.CalledNumber ? DundiElement.CalledNumber(number) : e)],
        });

        var answer = await ReceiveAnswerBytesAsync(probe);

        Assert.True(DundiCodec.TryDecode(answer, out var response, out _));
        var only = Assert.Single(response.Answers);
        Assert.Equal((DundiProtocol.Sip, dest), (only.Protocol, only.Destination));

        // The ANSWER IE as in the captured fixture 03: eid, proto SIP (2), flags, weight, then the dest
        // bytes, no NUL.
        var element = new List<byte> { 0x05, (byte)(11 + dest.Length) };
        element.AddRange(B.ToBytes());
        element.AddRange([0x02, 0x00, (byte)only.Flags, 0x00, (byte)only.Weight]);
        element.AddRange(Encoding.ASCII.GetBytes(dest));
        Assert.True(answer.AsSpan().IndexOf(element.ToArray()) > 0, Convert.ToHexString(answer));
    }

    [Theory]
    [InlineData("4005", "5.0.0.4.e164.example.net")]
    [InlineData("4105", "5.0.1.4.e164.example.net")]
    [InlineData("4201", "1.0.2.4.e164.example.net")]
    [InlineData("9601", "1.0.6.9.e164.example.net")]
    public async Task Enum_PublishedRoute_NaptrRegexpKeepsTheUriAsPublished(string number, string name)
    {
        var uri = Expected[number].Uri;
        var answer = await EnumClient.For(_node.Enum).QueryAsync(name, QueryType.NAPTR);

        Assert.Equal(DnsHeaderResponseCode.NoError, answer.Header.ResponseCode);
        Assert.Contains(answer.Answers.NAPtrRecords(), r => r.RegularExpression == $"!^.*$!{uri}!");
    }

    private static async Task<byte[]> ReceiveAnswerBytesAsync(WireProbe probe)
    {
        while (true)
        {
            var datagram = await probe.ReceiveRawAsync(TimeSpan.FromSeconds(10)) ?? throw new Xunit.Sdk.XunitException("no answer from the node");
            Assert.True(DundiCodec.TryDecode(datagram, out var message, out _));
            if (message.Command != DundiCommand.Ack)
            {
                return datagram;
            }
        }
    }
}
