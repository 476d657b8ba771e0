using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Peers;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.Dundi;

public class DundiAnswerMappingTests
{
    private static readonly NodeId C = NodeId.Parse("02:00:00:00:00:0c");

    // Captured fixture 13 (C's DPRESPONSE to B), its ANSWER replaced with what a stock Asterisk mapping
    // e164 => dundi-local,30,SIP,${NUMBER}@pbx-w.example.net\;transport=wss,nopartial sends.
    private static DundiMessage Response(params (ushort Weight, string Dest)[] answers)
    {
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(13).Wire, out var captured, out _));
        return captured with
        {
            Elements =
            [
                .. answers.Select(a => DundiElement.Answer(new DundiAnswer(C, DundiProtocol.Sip, RouteFlags.Exists, a.Weight, a.Dest))),
                .. captured.Elements.Where(e => e.Type != DundiIeType.Answer),
            ],
        };
    }

    [Fact]
    public void ToPeerAnswer_SipDestWithTransportWss_BecomesARouteThatKeepsIt()
    {
        var answer = DundiAnswerMapping.ToPeerAnswer(Response((30, "4101@pbx-w.example.net;transport=wss")));

        Assert.Equal(PeerAnswerStatus.Answered, answer.Status);
        Assert.Equal(new RouteAnswer("sip:4101@pbx-w.example.net;transport=wss", 30, RouteFlags.Exists, C, TimeSpan.FromSeconds(300)), Assert.Single(answer.Routes));
        Assert.Empty(answer.Unusable);
    }

    [Fact]
    public void ToPeerAnswer_ADestThatIsNoUri_IsReportedWithItsReasonNotDropped()
    {
        var answer = DundiAnswerMapping.ToPeerAnswer(Response((30, "4101@pbx-w.example.net;transport=wss"), (40, "4101@pbx w.example.net")));

        Assert.Equal(["sip:4101@pbx-w.example.net;transport=wss"], answer.Routes.Select(r => r.Uri));
        var reason = Assert.Single(answer.Unusable);
        Assert.StartsWith("DUNDi Sip dest '4101@pbx w.example.net' is not usable: ", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sip:4005@pbx-w.example.net;transport=wss", "4005@pbx-w.example.net;transport=wss")]
    [InlineData("sips:9601@pbx-w.example.net:5061", "9601@pbx-w.example.net:5061;transport=tls")]
    public void Answers_SipRoute_DestAsAsteriskSendsIt(string uri, string dest)
    {
        var element = Assert.Single(DundiAnswerMapping.Answers([new RouteAnswer(uri, 30, RouteFlags.Exists, C, TimeSpan.FromSeconds(300))]));

        var message = new DundiMessage { Command = DundiCommand.DpResponse, Elements = [element] };
        Assert.Equal((DundiProtocol.Sip, dest), (message.Answers[0].Protocol, message.Answers[0].Destination));
    }
}
