using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.Routes;

public class DialStringRendererTests
{
    private static readonly DialStringRenderer Default = new(new DialStringOptions());

    [Theory]
    [InlineData("sip:4001@pbx-b.example", "PJSIP/4001@pbx-b.example")]
    [InlineData("sip:4001@pbx-b.example:5062", "PJSIP/numberdirectory/sip:4001@pbx-b.example:5062")]
    [InlineData("sip:4001@127.0.0.1:5060", "PJSIP/numberdirectory/sip:4001@127.0.0.1:5060")]
    [InlineData("sip:4001@[2001:db8::1]:5060", "PJSIP/numberdirectory/sip:4001@[2001:db8::1]:5060")]
    [InlineData("sip:4001@127.0.0.1", "PJSIP/4001@127.0.0.1")]
    [InlineData("sips:+74951234567@pbx-b.example:5061", "PJSIP/numberdirectory/sips:+74951234567@pbx-b.example:5061")]
    [InlineData("sips:9601@pbx-w.example.net:8089", "PJSIP/numberdirectory/sips:9601@pbx-w.example.net:8089")]
    [InlineData("sips:9601@pbx-w.example.net", "PJSIP/numberdirectory/sips:9601@pbx-w.example.net")]
    [InlineData("sip:4005@pbx-w.example.net;transport=wss", "PJSIP/numberdirectory/sip:4005@pbx-w.example.net;transport=wss")]
    [InlineData("sip:4005@pbx-w.example.net:5061;transport=tls", "PJSIP/numberdirectory/sip:4005@pbx-w.example.net:5061;transport=tls")]
    [InlineData("sip:4001@192.0.2.30:5070;transport=tcp", "PJSIP/numberdirectory/sip:4001@192.0.2.30:5070;transport=tcp")]
    [InlineData("sip:+15550100123@gw.example.net;user=phone", "PJSIP/numberdirectory/sip:+15550100123@gw.example.net;user=phone")]
    [InlineData("iax2:pbx-b.example/4001", "IAX2/pbx-b.example/4001")]
    [InlineData("iax2:guest@pbx-b.example:4569/4001", "IAX2/guest@pbx-b.example:4569/4001")]
    [InlineData("iax2:user:secret@pbx-b.example/4001", "IAX2/user:secret@pbx-b.example/4001")]
    [InlineData("iax2:pbx-b.example/4001?from-dundi", "IAX2/pbx-b.example/4001@from-dundi")]
    [InlineData("iax2:[2001:db8::2]/4001", "IAX2/[2001:db8::2]/4001")]
    [InlineData("h323:4001@gw.example", "H323/4001@gw.example")]
    public void Render_DefaultTemplates_GivesDialString(string text, string expected) =>
        Assert.Equal(expected, Default.Render(RouteUri.Parse(text)));

    [Fact]
    public void Render_Tel_NotDialable() => Assert.Null(Default.Render(RouteUri.Parse("tel:+12025550123")));

    [Theory]
    [InlineData("sip:4001@pbx-b.example:5062", "SIP/4001@pbx-b.example:5062")]
    [InlineData("sip:4001@pbx-b.example", "SIP/4001@pbx-b.example")]
    [InlineData("sip:4001@[2001:db8::1]:5060", "SIP/4001@[2001:db8::1]:5060")]
    public void Render_LegacyChanSip_KeepsPort(string text, string expected)
    {
        var renderer = new DialStringRenderer(new DialStringOptions { SipTemplate = "SIP/${USER}@${HOSTPORT}" });

        Assert.Equal(expected, renderer.Render(RouteUri.Parse(text)));
    }

    [Theory]
    [InlineData("sip:4001@pbx-b.example", "PJSIP/4001@pbx-b")]
    [InlineData("sip:4001@PBX-B.EXAMPLE", "PJSIP/4001@pbx-b")]
    [InlineData("sip:4001@pbx-b.example:5070", "PJSIP/4001@pbx-b-alt")]
    [InlineData("sip:4001@pbx-b.example:5062", "PJSIP/4001@pbx-b")]
    [InlineData("sip:4001@pbx-c.example", "PJSIP/4001@pbx-c.example")]
    public void Render_EndpointMap_NamesEndpoint(string text, string expected)
    {
        var options = new DialStringOptions
        {
            Endpoints = [EndpointMapping.Create("pbx-b.example", "pbx-b"), EndpointMapping.Create("pbx-b.example", "pbx-b-alt", port: 5070)],
        };

        Assert.Equal(expected, new DialStringRenderer(options).Render(RouteUri.Parse(text)));
    }

    // pbx-w serves WebRTC extensions (wss, 8089) and a TLS trunk (5061); pbx-v is reached over TCP.
    [Theory]
    [InlineData("sip:4005@pbx-w.example.net;transport=wss", "PJSIP/4005@pbx-w-wss")]
    [InlineData("sip:4005@pbx-w.example.net:8089;transport=wss", "PJSIP/4005@pbx-w-8089-wss")]
    [InlineData("sip:4005@pbx-w.example.net:8089;transport=ws", "PJSIP/4005@pbx-w-8089")]
    [InlineData("sips:9601@pbx-w.example.net", "PJSIP/9601@pbx-w-tls")]
    [InlineData("sips:9601@pbx-w.example.net;transport=tcp", "PJSIP/9601@pbx-w-tls")]
    [InlineData("sip:9601@pbx-w.example.net:5061;transport=TLS", "PJSIP/9601@pbx-w-tls")]
    [InlineData("sip:9601@pbx-w.example.net:5061", "PJSIP/9601@pbx-w")]
    [InlineData("sip:4001@pbx-v.example.net;transport=tcp", "PJSIP/4001@pbx-v")]
    [InlineData("sip:4001@pbx-v.example.net;transport=udp", "PJSIP/numberdirectory/sip:4001@pbx-v.example.net;transport=udp")]
    [InlineData("sip:4001@[2001:DB8::30]:5070", "PJSIP/4001@pbx-v6")]
    public void Render_EndpointMappings_TheOneNamingMostOfTheRouteWins(string text, string expected)
    {
        var options = new DialStringOptions
        {
            Endpoints =
            [
                EndpointMapping.Create("pbx-w.example.net", "pbx-w"),
                EndpointMapping.Create("pbx-w.example.net", "pbx-w-wss", transport: "wss"),
                EndpointMapping.Create("pbx-w.example.net", "pbx-w-8089", port: 8089),
                EndpointMapping.Create("PBX-W.example.net", "pbx-w-8089-wss", port: 8089, transport: "WSS"),
                EndpointMapping.Create("pbx-w.example.net", "pbx-w-tls", transport: "tls"),
                EndpointMapping.Create("pbx-v.example.net", "pbx-v", transport: "tcp"),
                EndpointMapping.Create("[2001:db8::30]", "pbx-v6"),
            ],
        };

        Assert.Equal(expected, new DialStringRenderer(options).Render(RouteUri.Parse(text)));
    }

    [Fact]
    public void Constructor_TwoMappingsForTheSameRoutes_Throws() =>
        Assert.Throws<ArgumentException>(() => new DialStringRenderer(new DialStringOptions
        {
            Endpoints = [EndpointMapping.Create("pbx-w.example.net", "a", port: 8089), EndpointMapping.Create("PBX-W.example.net", "b", port: 8089)],
        }));

    [Theory]
    [InlineData("sip:4005@pbx-w.example.net;transport=wss", "PJSIP/numberdirectory/sip:4005@pbx-w.example.net;transport=wss")]
    [InlineData("sips:9601@pbx-w.example.net", "PJSIP/numberdirectory/sips:9601@pbx-w.example.net")]
    [InlineData("sip:4001@pbx-b.example:5062", "SIP/4001@pbx-b.example:5062")]
    public void Render_LegacyChanSipTemplate_RoutesWithParametersOrSipsAreDialledByUri(string text, string expected)
    {
        var renderer = new DialStringRenderer(new DialStringOptions { SipTemplate = "SIP/${USER}@${HOSTPORT}" });

        Assert.Equal(expected, renderer.Render(RouteUri.Parse(text)));
    }

    [Theory]
    [InlineData("sip:4001@192.0.2.30:5070", "PJSIP/from-directory/sip:4001@192.0.2.30:5070")]
    [InlineData("sip:4001@192.0.2.30", "PJSIP/4001@192.0.2.30")]
    public void Render_DefaultEndpoint_CarriesRoutesWithAPort(string text, string expected)
    {
        var renderer = new DialStringRenderer(new DialStringOptions { DefaultEndpoint = "from-directory" });

        Assert.Equal(expected, renderer.Render(RouteUri.Parse(text)));
    }

    [Fact]
    public void Render_CustomUriTemplate_UsedForRoutesWithAPort()
    {
        var renderer = new DialStringRenderer(new DialStringOptions { SipUriTemplate = "PJSIP/${ENDPOINT}/sip:${USER}@${HOST}:${PORT}" });

        Assert.Equal("PJSIP/numberdirectory/sip:4001@192.0.2.30:5070", renderer.Render(RouteUri.Parse("sip:4001@192.0.2.30:5070")));
    }

    [Theory]
    [InlineData("PJSIP/${ENDPOINT}/${URI}", "sip:4001@pbx-b.example:5062", "PJSIP/pbx-b.example/sip:4001@pbx-b.example:5062")]
    [InlineData("PJSIP/${USER}@${HOST}:${PORT}", "sip:4001@pbx-b.example:5062", "PJSIP/4001@pbx-b.example:5062")]
    [InlineData("PJSIP/${USER}@${HOST}${PORT}", "sip:4001@pbx-b.example", "PJSIP/4001@pbx-b.example")]
    [InlineData("SIP/${DEST}", "sip:4001@pbx-b.example:5062", "SIP/4001@pbx-b.example:5062")]
    [InlineData("SIP/${DEST}", "sips:9601@pbx-w.example.net:5061", "SIP/9601@pbx-w.example.net:5061;transport=tls")]
    [InlineData("SIP/${DEST}", "sip:4005@pbx-w.example.net;transport=wss", "SIP/4005@pbx-w.example.net;transport=wss")]
    [InlineData("PJSIP/${ENDPOINT}/${URI}", "sips:9601@pbx-w.example.net", "PJSIP/pbx-w.example.net/sips:9601@pbx-w.example.net")]
    public void Render_CustomSipTemplate_SubstitutesVariables(string template, string text, string expected)
    {
        var renderer = new DialStringRenderer(new DialStringOptions { SipTemplate = template });

        Assert.Equal(expected, renderer.Render(RouteUri.Parse(text)));
    }

    [Theory]
    [InlineData("PJSIP/${USER}@${ENDPOINT}")]
    [InlineData("IAX2/${DEST}")]
    [InlineData("SIP/${USER}@${HOSTPORT}")]
    [InlineData("Local/${USER}@from-mesh")]
    public void ValidateTemplate_Known_Null(string template) => Assert.Null(DialStringRenderer.ValidateTemplate(template));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("PJSIP/${EXTEN}@${ENDPOINT}", "unknown variable ${EXTEN}")]
    [InlineData("IAX2/${SECRET}@host", "unknown variable ${SECRET}")]
    [InlineData("PJSIP/${USER@host", "never closed")]
    public void ValidateTemplate_Invalid_SaysWhy(string template, string fragment) =>
        Assert.Contains(fragment, DialStringRenderer.ValidateTemplate(template), StringComparison.Ordinal);

    [Fact]
    public void Constructor_InvalidTemplate_Throws() =>
        Assert.Throws<ArgumentException>(() => new DialStringRenderer(new DialStringOptions { IaxTemplate = "IAX2/${PEER}" }));

    [Fact]
    public void Constructor_InvalidUriTemplate_Throws() =>
        Assert.Throws<ArgumentException>(() => new DialStringRenderer(new DialStringOptions { SipUriTemplate = "PJSIP/${PEER}/${URI}" }));
}
