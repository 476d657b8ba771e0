using NumberDirectory.Server.Tests.Dundi;

namespace NumberDirectory.Server.Tests.Http;

/// <summary>Dial strings the HTTP door gives for SIP routes another node answered over DUNDi.</summary>
public sealed class LookupEndpointDialStringTests
{
    [Fact]
    public async Task Lookup_SipRoutesLearnedOverDundi_KeepAPortAndRenderHostOnlyRoutesByEndpoint()
    {
        await using var mesh = await new Mesh()
            .Node("A")
            .Node("B", ("_4XXX", "sip:${NUMBER}@127.0.0.1:5060"), ("_5XXX", "sip:${NUMBER}@pbx-b.example.net"))
            .Link("A", "B")
            .StartAsync();

        var withPort = await mesh["A"].Http.GetStringAsync(new Uri("/lookup/4001", UriKind.Relative));
        var hostOnly = await mesh["A"].Http.GetStringAsync(new Uri("/lookup/5001", UriKind.Relative));

        Assert.Equal("PJSIP/numberdirectory/sip:4001@127.0.0.1:5060", withPort.TrimEnd());
        Assert.Equal("PJSIP/5001@pbx-b.example.net", hostOnly.TrimEnd());
        var discover = Assert.Single(mesh.Wire.Discovers("4001"));
        Assert.Equal(("A", "B"), (discover.From, discover.To));
    }

    [Fact]
    public async Task Lookup_ConfiguredDefaultEndpoint_CarriesTheRoute()
    {
        await using var mesh = await new Mesh()
            .Node("A")
            .Node("B", ("_4XXX", "sip:${NUMBER}@127.0.0.1:5070"))
            .Link("A", "B")
            .Set("A", "DialStrings:DefaultEndpoint", "directory-trunk")
            .StartAsync();

        var body = await mesh["A"].Http.GetStringAsync(new Uri("/lookup/4001", UriKind.Relative));

        Assert.Equal("PJSIP/directory-trunk/sip:4001@127.0.0.1:5070", body.TrimEnd());
    }

    [Theory]
    [InlineData("9601", "PJSIP/9601@pbx-w-8089")]
    [InlineData("4005", "PJSIP/4005@pbx-w-wss")]
    [InlineData("4105", "PJSIP/4105@pbx-w")]
    [InlineData("4205", "PJSIP/4205@pbx-w")]
    [InlineData("4305", "PJSIP/numberdirectory/sip:4305@pbx-x.example.net:8089")]
    public async Task Lookup_EndpointMappingsByHostPortAndTransport_NameTheEndpointTheRouteGoesThrough(string number, string expected)
    {
        using var temp = new TempDirectory();
        var settings = Ranges.Config(
            ("_96XX", "sips:${NUMBER}@pbx-w.example.net:8089", 0),
            ("_40XX", "sip:${NUMBER}@pbx-w.example.net;transport=wss", 0),
            ("_41XX", "sip:${NUMBER}@pbx-w.example.net", 0),
            ("_42XX", "sip:${NUMBER}@pbx-w.example.net:5061;transport=tls", 0),
            ("_43XX", "sip:${NUMBER}@pbx-x.example.net:8089", 0));
        settings["DialStrings:Endpoints:0:Host"] = "pbx-w.example.net";
        settings["DialStrings:Endpoints:0:Port"] = "8089";
        settings["DialStrings:Endpoints:0:Endpoint"] = "pbx-w-8089";
        settings["DialStrings:Endpoints:1:Host"] = "pbx-w.example.net";
        settings["DialStrings:Endpoints:1:Transport"] = "wss";
        settings["DialStrings:Endpoints:1:Endpoint"] = "pbx-w-wss";
        settings["DialStrings:Endpoints:2:Host"] = "PBX-W.example.net";
        settings["DialStrings:Endpoints:2:Endpoint"] = "pbx-w";
        await using var node = await TestNode.StartAsync(temp.Data(), settings);

        var body = await node.Http.GetStringAsync(new Uri($"/lookup/{number}", UriKind.Relative));

        Assert.Equal(expected, body.TrimEnd());
    }
}
