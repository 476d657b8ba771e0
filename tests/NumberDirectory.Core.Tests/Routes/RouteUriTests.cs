using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.Routes;

public class RouteUriTests
{
    [Theory]
    [InlineData("sip:4001@pbx-b.example")]
    [InlineData("sips:4001@pbx-b.example:5061")]
    [InlineData("sip:+74951234567@192.0.2.10")]
    [InlineData("sip:4001@[2001:db8::1]:5060")]
    [InlineData("sip:4001@[2001:db8::1]")]
    [InlineData("iax2:pbx-b.example/4001")]
    [InlineData("iax2:guest@pbx-b.example:4569/4001")]
    [InlineData("iax2:user:secret@pbx-b.example/4001")]
    [InlineData("iax2:[2001:db8::2]:4569/4001?from-dundi")]
    [InlineData("iax2:pbx-b.example/*98")]
    [InlineData("h323:4001@gw.example")]
    [InlineData("h323:gw.example:1720")]
    [InlineData("tel:+442079460123")]
    [InlineData("tel:+12025550123")]
    [InlineData("sip:4005@pbx-w.example.net;transport=wss")]
    [InlineData("sip:4005@pbx-w.example.net:5061;transport=tls")]
    [InlineData("sip:4001@192.0.2.30:5070;transport=tcp;lr")]
    [InlineData("sips:9601@pbx-w.example.net:8089")]
    [InlineData("sips:9601@pbx-w.example.net;transport=wss")]
    [InlineData("sip:+15550100123@gw.example.net;user=phone")]
    [InlineData("sip:4001@[2001:db8::1]:5060;transport=UDP")]
    [InlineData("sip:4001@pbx-b.example.net;maddr=192.0.2.1;ttl=16;x-tenant=b.1")]
    public void ToString_Parsed_RoundTrips(string text)
    {
        var uri = RouteUri.Parse(text);

        Assert.Equal(text, uri.ToString());
        Assert.Equal(text, uri.Text);
        Assert.Equal(uri, RouteUri.Parse(uri.ToString()));
    }

    [Theory]
    [InlineData("sip:4001@pbx-b.example", RouteScheme.Sip, "4001", null, "pbx-b.example", null, null, null)]
    [InlineData("sips:4001@pbx-b.example:5061", RouteScheme.Sips, "4001", null, "pbx-b.example", 5061, null, null)]
    [InlineData("sip:4001@[2001:db8::1]:5060", RouteScheme.Sip, "4001", null, "[2001:db8::1]", 5060, null, null)]
    [InlineData("iax2:pbx-b.example/4001", RouteScheme.Iax2, null, null, "pbx-b.example", null, "4001", null)]
    [InlineData("iax2:user:secret@host:4570/4001?ctx", RouteScheme.Iax2, "user", "secret", "host", 4570, "4001", "ctx")]
    [InlineData("h323:4001@gw.example", RouteScheme.H323, "4001", null, "gw.example", null, null, null)]
    [InlineData("tel:+74951234567", RouteScheme.Tel, null, null, "", null, "+74951234567", null)]
    public void TryParse_Valid_SplitsParts(string text, RouteScheme scheme, string? user, string? secret, string host, int? port, string? number, string? context)
    {
        Assert.True(RouteUri.TryParse(text, out var uri, out var error), error);

        Assert.Equal(scheme, uri.Scheme);
        Assert.Equal(user, uri.User);
        Assert.Equal(secret, uri.Secret);
        Assert.Equal(host, uri.Host);
        Assert.Equal(port, uri.Port);
        Assert.Equal(number, uri.Number);
        Assert.Equal(context, uri.Context);
    }

    [Fact]
    public void ToString_UpperCaseScheme_WritesLowerCase() =>
        Assert.Equal("sip:4001@PBX-B.example", RouteUri.Parse("SIP:4001@PBX-B.example").ToString());

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("4001@pbx-b.example", "no URI scheme")]
    [InlineData("mailto:a@b.example", "unknown URI scheme 'mailto'")]
    [InlineData("sip:pbx-b.example", "needs user@host")]
    [InlineData("sip:4001@[2001:db8::1", "never closes")]
    [InlineData("sip:4001@[2001:db8::1]5060", "only ':port' may follow")]
    [InlineData("sip:4001@[192.0.2.1]", "not an IPv6 address")]
    [InlineData("sip:4001@host:0", "1 to 65535")]
    [InlineData("sip:4001@-host.example", "not a host name")]
    [InlineData("sip:4001@host..example", "not a host name")]
    [InlineData("sip:a@b@host", "not a host name")]
    [InlineData("iax2:host/4001/extra", "'/' is not allowed")]
    [InlineData("iax2:host/4001?", "context is empty")]
    [InlineData("iax2:user:@host/4001", "secret is empty")]
    [InlineData("tel:+", "tel:+ and 1 to 15 digits")]
    [InlineData("tel:+1234567890123456", "tel:+ and 1 to 15 digits")]
    [InlineData("sip:4001@host.example;transport=carrier-pigeon", "parameter 'transport=carrier-pigeon': the transport is one of udp, tcp, tls, ws, wss")]
    [InlineData("sip:4001@host.example;transport", "parameter 'transport' needs a value")]
    [InlineData("sip:4001@host.example;transport=tcp;Transport=udp", "parameter 'transport' is given twice")]
    [InlineData("sip:4001@host.example;", "an empty parameter")]
    [InlineData("sip:4001@host.example;;lr", "an empty parameter")]
    [InlineData("sip:4001@host.example;lr=on", "parameter 'lr=on': lr takes no value")]
    [InlineData("sip:4001@host.example;user=", "parameter 'user=' needs a value")]
    [InlineData("sip:4001@host.example;ttl=256", "parameter 'ttl=256': ttl is a number from 0 to 255")]
    [InlineData("sip:4001@host.example;maddr=-x", "parameter 'maddr=-x'")]
    [InlineData("sip:4001@host.example;x=a/b", "'/' is not allowed in the parameter 'x=a/b'")]
    [InlineData("sip:4001@host.example;=x", "parameter '=x' has no name")]
    [InlineData("sips:4001@host.example;transport=udp", "a sips URI is secure on every hop: transport 'udp' is not")]
    [InlineData("sip:4001@host.example:5060;transport=tcp?subject=x", "a route carries no headers")]
    [InlineData("iax2:host.example/4001;transport=tcp", "only sip: and sips: routes take URI parameters")]
    [InlineData("h323:4001@gw.example;transport=tcp", "only sip: and sips: routes take URI parameters")]
    public void TryParse_Invalid_SaysWhatIsWrong(string? text, string fragment)
    {
        Assert.False(RouteUri.TryParse(text, out _, out var error));
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_ToString_IsEmpty() => Assert.Equal(string.Empty, default(RouteUri).ToString());
}
