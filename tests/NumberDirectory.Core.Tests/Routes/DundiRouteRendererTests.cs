using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.Routes;

public class DundiRouteRendererTests
{
    [Theory]
    [InlineData("sip:4001@pbx-b.example", DundiProtocol.Sip, "4001@pbx-b.example")]
    [InlineData("sip:4001@pbx-b.example:5062", DundiProtocol.Sip, "4001@pbx-b.example:5062")]
    [InlineData("sips:4001@pbx-b.example:5061", DundiProtocol.Sip, "4001@pbx-b.example:5061;transport=tls")]
    [InlineData("sips:9601@pbx-w.example.net", DundiProtocol.Sip, "9601@pbx-w.example.net;transport=tls")]
    [InlineData("sips:9601@pbx-w.example.net:8089;transport=wss", DundiProtocol.Sip, "9601@pbx-w.example.net:8089;transport=wss")]
    [InlineData("sips:9601@pbx-w.example.net;transport=TCP;lr", DundiProtocol.Sip, "9601@pbx-w.example.net;transport=tls;lr")]
    [InlineData("sips:9601@pbx-w.example.net;lr", DundiProtocol.Sip, "9601@pbx-w.example.net;lr;transport=tls")]
    [InlineData("sip:4005@pbx-w.example.net;transport=wss", DundiProtocol.Sip, "4005@pbx-w.example.net;transport=wss")]
    [InlineData("sip:4005@pbx-w.example.net:5061;transport=tls", DundiProtocol.Sip, "4005@pbx-w.example.net:5061;transport=tls")]
    [InlineData("sip:4001@192.0.2.30:5070;transport=tcp", DundiProtocol.Sip, "4001@192.0.2.30:5070;transport=tcp")]
    [InlineData("sip:+15550100123@gw.example.net;user=phone", DundiProtocol.Sip, "+15550100123@gw.example.net;user=phone")]
    [InlineData("sip:+74951234567@[2001:db8::1]:5060", DundiProtocol.Sip, "+74951234567@[2001:db8::1]:5060")]
    [InlineData("iax2:pbx-b.example/4001", DundiProtocol.Iax, "pbx-b.example/4001")]
    [InlineData("iax2:guest@pbx-b.example:4569/4001", DundiProtocol.Iax, "guest@pbx-b.example:4569/4001")]
    [InlineData("iax2:user:secret@pbx-b.example/4001", DundiProtocol.Iax, "user:secret@pbx-b.example/4001")]
    [InlineData("iax2:pbx-b.example/4001?from-dundi", DundiProtocol.Iax, "pbx-b.example/4001@from-dundi")]
    [InlineData("h323:4001@gw.example", DundiProtocol.H323, "4001@gw.example")]
    public void TryRender_Route_GivesProtocolAndDest(string text, DundiProtocol protocol, string dest)
    {
        Assert.True(DundiRouteRenderer.TryRender(RouteUri.Parse(text), out var actualProtocol, out var actualDest));

        Assert.Equal(protocol, actualProtocol);
        Assert.Equal(dest, actualDest);
    }

    [Fact]
    public void TryRender_Tel_NotOffered()
    {
        Assert.False(DundiRouteRenderer.TryRender(RouteUri.Parse("tel:+442079460123"), out var protocol, out var dest));

        Assert.Equal(DundiProtocol.None, protocol);
        Assert.Empty(dest);
    }

    [Theory]
    [InlineData(DundiProtocol.Sip, "4001@pbx-b.example", "sip:4001@pbx-b.example")]
    [InlineData(DundiProtocol.Pjsip, "4001@pbx-b.example:5062", "sip:4001@pbx-b.example:5062")]
    [InlineData(DundiProtocol.Sip, "4001@[2001:db8::1]", "sip:4001@[2001:db8::1]")]
    [InlineData(DundiProtocol.Iax, "pbx-b.example/4001", "iax2:pbx-b.example/4001")]
    [InlineData(DundiProtocol.Iax, "dundi:s3cret@192.0.2.10/+74951234567", "iax2:dundi:s3cret@192.0.2.10/+74951234567")]
    [InlineData(DundiProtocol.Iax, "guest@pbx-b.example:4569/4001@from-dundi", "iax2:guest@pbx-b.example:4569/4001?from-dundi")]
    [InlineData(DundiProtocol.H323, "4001@gw.example", "h323:4001@gw.example")]
    [InlineData(DundiProtocol.Sip, "4101@pbx-w.example.net;transport=wss", "sip:4101@pbx-w.example.net;transport=wss")]
    [InlineData(DundiProtocol.Pjsip, "4101@pbx-w.example.net:5061;transport=tls", "sip:4101@pbx-w.example.net:5061;transport=tls")]
    [InlineData(DundiProtocol.Sip, "4101@192.0.2.30:5070;transport=tcp;lr", "sip:4101@192.0.2.30:5070;transport=tcp;lr")]
    public void TryParseAnswer_Dest_GivesUri(DundiProtocol protocol, string dest, string expected)
    {
        Assert.True(DundiRouteRenderer.TryParseAnswer(protocol, dest, out var uri, out var error), error);

        Assert.Equal(expected, uri.Text);
    }

    [Theory]
    [InlineData(DundiProtocol.Sip, "4001@pbx-b.example")]
    [InlineData(DundiProtocol.Iax, "user:secret@pbx-b.example:4570/4001")]
    [InlineData(DundiProtocol.Iax, "pbx-b.example/4001@ctx")]
    [InlineData(DundiProtocol.H323, "gw.example")]
    [InlineData(DundiProtocol.Sip, "4101@pbx-w.example.net;transport=wss")]
    [InlineData(DundiProtocol.Sip, "4101@pbx-w.example.net:5061;transport=tls")]
    public void TryParseAnswer_ThenRender_GivesSameAnswer(DundiProtocol protocol, string dest)
    {
        Assert.True(DundiRouteRenderer.TryParseAnswer(protocol, dest, out var uri));
        Assert.True(DundiRouteRenderer.TryRender(uri, out var again, out var againDest));

        Assert.Equal((protocol, dest), (again, againDest));
    }

    [Theory]
    [InlineData(DundiProtocol.Sip, "")]
    [InlineData(DundiProtocol.Sip, null)]
    [InlineData(DundiProtocol.None, "4001@pbx-b.example")]
    [InlineData((DundiProtocol)9, "4001@pbx-b.example")]
    [InlineData(DundiProtocol.Sip, "pbx-b.example")]
    [InlineData(DundiProtocol.Sip, "4001@pbx b")]
    [InlineData(DundiProtocol.Sip, "4001@host!x")]
    [InlineData(DundiProtocol.Iax, "pbx-b.example")]
    [InlineData(DundiProtocol.Iax, "pbx-b.example/4001?ctx")]
    [InlineData(DundiProtocol.Pjsip, "\u0001\u0002")]
    [InlineData(DundiProtocol.Sip, "4101@pbx-w.example.net;transport=carrier-pigeon")]
    [InlineData(DundiProtocol.Iax, "pbx-b.example/4001;transport=tcp")]
    public void TryParseAnswer_Garbage_Rejected(DundiProtocol protocol, string? dest)
    {
        Assert.False(DundiRouteRenderer.TryParseAnswer(protocol, dest, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
