using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.Routes;

public class NaptrRendererTests
{
    private static readonly NaptrRenderer Renderer = new(new NaptrRenderOptions());

    [Theory]
    [InlineData("sip:4001@pbx-b.example", "E2U+sip|E2U+pjsip", "!^.*$!sip:4001@pbx-b.example!")]
    [InlineData("sip:4001@pbx-b.example:5062", "E2U+sip|E2U+pjsip", "!^.*$!sip:4001@pbx-b.example:5062!")]
    [InlineData("sips:4001@pbx-b.example:5061", "E2U+sip|E2U+pjsip", "!^.*$!sips:4001@pbx-b.example:5061!")]
    [InlineData("sip:+74951234567@[2001:db8::1]", "E2U+sip|E2U+pjsip", "!^.*$!sip:+74951234567@[2001:db8::1]!")]
    [InlineData("iax2:pbx-b.example/4001", "E2U+iax2|E2U+iax", "!^.*$!iax:pbx-b.example/4001!")]
    [InlineData("iax2:guest@pbx-b.example:4569/4001", "E2U+iax2|E2U+iax", "!^.*$!iax:pbx-b.example:4569/4001!")]
    [InlineData("iax2:user:secret@pbx-b.example/4001?ctx", "E2U+iax2|E2U+iax", "!^.*$!iax:pbx-b.example/4001?ctx!")]
    [InlineData("h323:4001@gw.example", "E2U+h323", "!^.*$!h323:4001@gw.example!")]
    [InlineData("tel:+442079460123", "E2U+pstn:tel|E2U+voice:tel", "!^.*$!tel:+442079460123!")]
    [InlineData("sip:4005@pbx-w.example.net;transport=wss", "E2U+sip|E2U+pjsip", "!^.*$!sip:4005@pbx-w.example.net;transport=wss!")]
    [InlineData("sip:4005@pbx-w.example.net:5061;transport=tls", "E2U+sip|E2U+pjsip", "!^.*$!sip:4005@pbx-w.example.net:5061;transport=tls!")]
    [InlineData("sip:4001@192.0.2.30:5070;transport=tcp", "E2U+sip|E2U+pjsip", "!^.*$!sip:4001@192.0.2.30:5070;transport=tcp!")]
    [InlineData("sips:9601@pbx-w.example.net:8089", "E2U+sip|E2U+pjsip", "!^.*$!sips:9601@pbx-w.example.net:8089!")]
    [InlineData("sip:+15550100123@gw.example.net;user=phone", "E2U+sip|E2U+pjsip", "!^.*$!sip:+15550100123@gw.example.net;user=phone!")]
    public void Render_Route_OneRecordPerService(string text, string services, string regexp)
    {
        var records = Renderer.Render(RouteUri.Parse(text), 20, null);

        Assert.Equal(services.Split('|'), records.Select(r => r.Services));
        Assert.All(records, r => Assert.Equal(new NaptrRecordData(100, 20, "u", r.Services, regexp, "."), r));
    }

    [Theory]
    [InlineData("iax2:user:secret@pbx-b.example/4001")]
    [InlineData("iax2:guest@pbx-b.example/4001")]
    public void Render_IaxCredentials_NeverPublished(string text)
    {
        var records = Renderer.Render(RouteUri.Parse(text), 0, null);

        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.DoesNotContain("@", r.Regexp, StringComparison.Ordinal));
        Assert.All(records, r => Assert.DoesNotContain("secret", r.Regexp, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, null, null, "E2U+sip|E2U+pjsip", 100, 30)]
    [InlineData("E2U+sip", null, null, "E2U+sip", 100, 30)]
    [InlineData(null, (ushort)10, null, "E2U+sip|E2U+pjsip", 10, 30)]
    [InlineData(null, null, (ushort)5, "E2U+sip|E2U+pjsip", 100, 5)]
    [InlineData("E2U+pjsip", (ushort)1, (ushort)2, "E2U+pjsip", 1, 2)]
    public void Render_Override_Wins(string? service, ushort? order, ushort? preference, string services, int expectedOrder, int expectedPreference)
    {
        var records = Renderer.Render(RouteUri.Parse("sip:4001@pbx-b.example"), 30, NaptrOverride.Create(service, order, preference));

        Assert.Equal(services.Split('|'), records.Select(r => r.Services));
        Assert.All(records, r => Assert.Equal((expectedOrder, expectedPreference), (r.Order, r.Preference)));
    }

    [Fact]
    public void Render_CustomOptions_UsesThem()
    {
        var renderer = new NaptrRenderer(new NaptrRenderOptions { SipServices = ["E2U+sip"], IaxServices = ["E2U+iax"], DefaultOrder = 10 });

        var records = renderer.Render(RouteUri.Parse("iax2:pbx-b.example/4001"), 0, null);

        Assert.Equal([new NaptrRecordData(10, 0, "u", "E2U+iax", "!^.*$!iax:pbx-b.example/4001!", ".")], records);
    }

    [Fact]
    public void TryRender_RegexpOver255Octets_RefusedWithReason()
    {
        var host = string.Join('.', Enumerable.Repeat(new string('h', 60), 4));
        var uri = RouteUri.Parse("sip:4001@" + host);

        Assert.False(Renderer.TryRender(uri, 0, null, out var records, out var error));
        Assert.Empty(records);
        Assert.Contains("at most 255", error, StringComparison.Ordinal);
        Assert.Empty(Renderer.Render(uri, 0, null));
    }

    [Fact]
    public void Constructor_BadService_Throws() =>
        Assert.Throws<ArgumentException>(() => new NaptrRenderer(new NaptrRenderOptions { SipServices = ["sip"] }));
}
