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
}
