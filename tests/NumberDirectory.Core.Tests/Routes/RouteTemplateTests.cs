using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.Routes;

public class RouteTemplateTests
{
    [Theory]
    [InlineData("sip:${NUMBER}@pbx-b.example", "4001", "sip:4001@pbx-b.example")]
    [InlineData("sips:${NUMBER}@pbx-b.example:5061", "4001", "sips:4001@pbx-b.example:5061")]
    [InlineData("iax2:pbx-b.example/${NUMBER}", "4001", "iax2:pbx-b.example/4001")]
    [InlineData("iax2:guest@pbx-b.example:4569/${NUMBER:1}", "74001", "iax2:guest@pbx-b.example:4569/4001")]
    [InlineData("iax2:user:secret@host/${NUMBER}", "4001", "iax2:user:secret@host/4001")]
    [InlineData("h323:${NUMBER}@gw.example", "4001", "h323:4001@gw.example")]
    [InlineData("tel:+${NUMBER}", "+74951234567", "tel:+74951234567")]
    [InlineData("tel:+${NUMBER}", "+442079460123", "tel:+442079460123")]
    [InlineData("sip:+${NUMBER}@gw.example", "+12025550123", "sip:+12025550123@gw.example")]
    [InlineData("sip:8${NUMBER:1}@gw.example", "+74951234567", "sip:84951234567@gw.example")]
    [InlineData("sip:${NUMBER:-4}@pbx-b.example", "+74951234567", "sip:4567@pbx-b.example")]
    [InlineData("sip:${NUMBER:1:3}@ru.example", "+74951234567", "sip:495@ru.example")]
    [InlineData("sip:${NUMBER:2}@uk.example", "+442079460123", "sip:2079460123@uk.example")]
    [InlineData("sip:${NUMBER:1:3}-${NUMBER:-7}@nanp.example", "+12025550123", "sip:202-5550123@nanp.example")]
    [InlineData("sip:${NUMBER}@[2001:db8::1]:5060", "4001", "sip:4001@[2001:db8::1]:5060")]
    [InlineData("SIP:${NUMBER}@pbx-b.example", "4001", "SIP:4001@pbx-b.example")]
    [InlineData("sip:operator@pbx-b.example", "4001", "sip:operator@pbx-b.example")]
    [InlineData("sip:${NUMBER}@pbx-w.example.net;transport=wss", "4005", "sip:4005@pbx-w.example.net;transport=wss")]
    [InlineData("sip:${NUMBER}@pbx-w.example.net:5061;transport=tls", "4005", "sip:4005@pbx-w.example.net:5061;transport=tls")]
    [InlineData("sip:${NUMBER}@192.0.2.30:5070;transport=tcp;lr", "4001", "sip:4001@192.0.2.30:5070;transport=tcp;lr")]
    [InlineData("sips:${NUMBER}@pbx-w.example.net:8089", "9601", "sips:9601@pbx-w.example.net:8089")]
    [InlineData("sip:+${NUMBER}@gw.example.net;user=phone", "+15550100123", "sip:+15550100123@gw.example.net;user=phone")]
    public void Expand_Number_GivesUri(string template, string number, string expected) =>
        Assert.Equal(expected, RouteTemplate.Parse(template).Expand(DialNumber.Parse(number)));

    // Asterisk substring rules, one row per edge: ${NUMBER<spec>} of 74951234567 (11 digits).
    [Theory]
    [InlineData("", "74951234567")]
    [InlineData(":0", "74951234567")]
    [InlineData(":1", "4951234567")]
    [InlineData(":-4", "4567")]
    [InlineData(":10", "7")]
    [InlineData(":11", "")]
    [InlineData(":20", "")]
    [InlineData(":-11", "74951234567")]
    [InlineData(":-20", "74951234567")]
    [InlineData(":1:3", "495")]
    [InlineData(":0:3", "749")]
    [InlineData(":0:11", "74951234567")]
    [InlineData(":0:99", "74951234567")]
    [InlineData(":8:99", "567")]
    [InlineData(":1:0", "")]
    [InlineData(":0:0", "")]
    [InlineData(":0:-4", "7495123")]
    [InlineData(":1:-4", "495123")]
    [InlineData(":-4:2", "45")]
    [InlineData(":-4:-2", "45")]
    [InlineData(":-4:-4", "")]
    [InlineData(":-4:-9", "")]
    [InlineData(":5:-20", "")]
    [InlineData(":-20:3", "749")]
    [InlineData(":20:-1", "")]
    public void Expand_Substring_FollowsAsterisk(string spec, string expected)
    {
        var template = RouteTemplate.Parse("sip:x" + "${NUMBER" + spec + "}@host.example");

        var uri = template.Expand(DialNumber.Parse("+74951234567"));

        Assert.Equal("sip:x" + expected + "@host.example", uri);
    }

    // The seed's _7XXX => ${EXTEN:1} case, a one-digit number, and a feature code.
    [Theory]
    [InlineData("74001", "4001")]
    [InlineData("4", "")]
    [InlineData("*98", "98")]
    public void Expand_StripFirstDigit_LikeExtenColonOne(string number, string expected) =>
        Assert.Equal("iax2:pbx-b.example/x" + expected, RouteTemplate.Parse("iax2:pbx-b.example/x${NUMBER:1}").Expand(DialNumber.Parse(number)));

    [Theory]
    [InlineData("sip:${NUMBER}@pbx-b.example", RouteScheme.Sip)]
    [InlineData("SIPS:${NUMBER}@pbx-b.example", RouteScheme.Sips)]
    [InlineData("Iax2:pbx-b.example/${NUMBER}", RouteScheme.Iax2)]
    [InlineData("h323:gw.example", RouteScheme.H323)]
    [InlineData("tel:+${NUMBER}", RouteScheme.Tel)]
    public void Parse_Scheme_CaseInsensitive(string text, RouteScheme expected)
    {
        var template = RouteTemplate.Parse(text);

        Assert.Equal(expected, template.Scheme);
        Assert.Equal(text, template.Text);
        Assert.Equal(text, template.ToString());
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("pbx-b.example/${NUMBER}", "no URI scheme")]
    [InlineData("${NUMBER}@pbx-b.example", "no URI scheme")]
    [InlineData("xmpp:${NUMBER}@chat.example", "use one of sip, sips, iax2, h323, tel")]
    [InlineData("iax:pbx-b.example/${NUMBER}", "write iax2:")]
    [InlineData("pjsip:${NUMBER}@pbx-b.example", "write sip:")]
    [InlineData("iax2:dundi:${SECRET}@pbx-b.example/${NUMBER}", "use IAX2 guest or static credentials")]
    [InlineData("sip:${EXTEN}@pbx-b.example", "${NUMBER}")]
    [InlineData("sip:${EXTEN:1}@pbx-b.example", "${NUMBER:1}")]
    [InlineData("sip:${number}@pbx-b.example", "upper case")]
    [InlineData("iax2:${IPADDR}/${NUMBER}", "host name or address")]
    [InlineData("sip:${CALLERID}@pbx-b.example", "the only variable is ${NUMBER}")]
    [InlineData("sip:${NUMBER@pbx-b.example", "never closed")]
    [InlineData("sip:$NUMBER@pbx-b.example", "must start a variable")]
    [InlineData("sip:${NUMBER:x}@pbx-b.example", "bad offset 'x'")]
    [InlineData("sip:${NUMBER:}@pbx-b.example", "bad offset ''")]
    [InlineData("sip:${NUMBER:1:}@pbx-b.example", "bad length ''")]
    [InlineData("sip:${NUMBER:1:2x}@pbx-b.example", "bad length '2x'")]
    [InlineData("sip:${NUMBER:1:2:3}@pbx-b.example", "not a substring")]
    [InlineData("sip:${NUMBER:99999}@pbx-b.example", "bad offset")]
    [InlineData("sip:${NUMBER}", "needs user@host")]
    [InlineData("sip:pbx-b.example", "needs user@host")]
    [InlineData("sip:${NUMBER}@", "host is empty")]
    [InlineData("sip:${NUMBER}@pbx-b.example:99999", "1 to 65535")]
    [InlineData("sip:${NUMBER}:pw@pbx-b.example", "no password")]
    [InlineData("iax2:pbx-b.example", "needs host/number")]
    [InlineData("iax2:pbx-b.example/", "number after '/' is empty")]
    [InlineData("iax2:pbx-b.example/${NUMBER}@ctx", "/number?context")]
    [InlineData("tel:${NUMBER}", "tel:+ and 1 to 15 digits")]
    [InlineData("tel:+1-${NUMBER}", "tel:+ and 1 to 15 digits")]
    [InlineData("sip:${NUMBER}@2001:db8::1", "IPv6 address goes in brackets")]
    [InlineData("sip:${NUMBER}@[2001:db8::zz]", "not an IPv6 address")]
    [InlineData("sip:${NUMBER} @pbx-b.example", "space")]
    [InlineData("sip:\"${NUMBER}\"@pbx-b.example", "quotes")]
    [InlineData("sip:${NUMBER}!@pbx-b.example", "NAPTR regexp delimiter")]
    [InlineData("sip:${NUMBER}@pbx-b.example,30", "Dial()")]
    [InlineData("sip:${NUMBER}@a.example&SIP/b", "several Dial() targets")]
    [InlineData("sip:${NUMBER}@pbx-w.example.net;transport=wsx", "parameter 'transport=wsx': the transport is one of udp, tcp, tls, ws, wss")]
    [InlineData("sip:${NUMBER}@pbx-w.example.net;transport=wss;transport=ws", "parameter 'transport' is given twice")]
    [InlineData("sips:${NUMBER}@pbx-w.example.net;transport=ws", "transport 'ws' is not")]
    [InlineData("iax2:pbx-b.example/${NUMBER};transport=tcp", "only sip: and sips: routes take URI parameters")]
    [InlineData("sip:${NUMBER}@pbx-b.example;x=(a)", "without brackets")]
    [InlineData("sip:${NUMBER}@pbx-ü.example", "printable ASCII")]
    public void TryParse_Invalid_SaysWhatIsWrong(string? text, string fragment)
    {
        Assert.False(RouteTemplate.TryParse(text, out var template, out var error));
        Assert.Null(template);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_TooLong_NamesTheLimit()
    {
        var text = "sip:${NUMBER}@" + new string('a', 60) + "." + new string('b', 60) + "." + new string('c', 60) + "." + new string('d', 60) + ".example";

        Assert.False(RouteTemplate.TryParse(text, out _, out var error));
        Assert.Contains("at most 255", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatExceptionWithReason()
    {
        var exception = Assert.Throws<FormatException>(() => RouteTemplate.Parse("sip:${SECRET}@pbx-b.example"));

        Assert.Contains("${SECRET}", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sip:${NUMBER:1}@pbx-b.example", "4", "user part is empty")]
    [InlineData("tel:+${NUMBER}", "*98", "tel:+ and 1 to 15 digits")]
    public void TryExpand_NumberCannotFill_Fails(string template, string number, string fragment)
    {
        Assert.False(RouteTemplate.Parse(template).TryExpand(DialNumber.Parse(number), out _, out var error));
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryExpand_Valid_GivesParsedUri()
    {
        Assert.True(RouteTemplate.Parse("iax2:guest@pbx-b.example:4569/${NUMBER:1}").TryExpand(DialNumber.Parse("74001"), out var uri, out _));

        Assert.Equal(("guest", "pbx-b.example", 4569, "4001"), (uri.User, uri.Host, uri.Port, uri.Number));
    }

    [Theory]
    [InlineData("sip:${NUMBER}@pbx-b.example", true)]
    [InlineData("sip:operator@pbx-b.example", false)]
    public void UsesNumber_Template_TellsWhetherNumberAppears(string text, bool expected) =>
        Assert.Equal(expected, RouteTemplate.Parse(text).UsesNumber);
}
