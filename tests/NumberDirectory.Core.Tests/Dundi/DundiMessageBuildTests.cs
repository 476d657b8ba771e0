using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.Dundi;

public class DundiMessageBuildTests
{
    private static readonly NodeId NodeA = NodeId.Parse("02:00:00:00:00:0a");
    private static readonly NodeId NodeB = NodeId.Parse("02:00:00:00:00:0b");

    [Fact]
    public void Encode_DpDiscoverFromTypedElements_EqualsFixture01()
    {
        var message = new DundiMessage
        {
            SourceTransaction = 23530,
            Command = DundiCommand.DpDiscover,
            Elements =
            [
                DundiElement.Version(),
                DundiElement.EidDirect(NodeA),
                DundiElement.CalledNumber("4001"),
                DundiElement.CalledContext("e164"),
                DundiElement.Ttl(32),
            ],
        };

        Assert.Equal(HexFixture.Number(1).Wire, DundiCodec.Encode(message));
    }

    [Fact]
    public void Encode_DpResponseFromTypedElements_EqualsFixture03()
    {
        var fixture = HexFixture.Number(3);
        Assert.True(DundiCodec.TryDecode(fixture.Wire, out var decoded, out _));
        var answers = decoded.Answers;

        var message = decoded with
        {
            Elements =
            [
                DundiElement.Answer(new DundiAnswer(NodeB, DundiProtocol.Sip, RouteFlags.Exists, 20, "4001@127.0.0.1:5060")),
                DundiElement.Answer(answers[1]),
                DundiElement.Hint(new DundiHint(LookupHintKind.Unaffected, string.Empty)),
                DundiElement.Expiration(300),
            ],
        };

        Assert.Equal(fixture.Wire, DundiCodec.Encode(message));
        Assert.Equal(decoded, message);
        Assert.Equal(answers.ToArray(), message.Answers.ToArray());
    }

    [Fact]
    public void Encode_CauseWithText_EqualsFixture18()
    {
        var fixture = HexFixture.Number(18);
        Assert.True(DundiCodec.TryDecode(fixture.Wire, out var decoded, out _));

        var message = decoded with { Elements = [DundiElement.Cause(DundiCauseCode.NoAuth, "Permission to context denied")] };

        Assert.Equal(fixture.Wire, DundiCodec.Encode(message));
    }

    [Fact]
    public void CalledContext_Absent_IsE164()
    {
        var message = new DundiMessage { Command = DundiCommand.DpDiscover, Elements = [DundiElement.CalledNumber("5001")] };

        Assert.Equal("e164", message.CalledContext);
        Assert.Null(message.Ttl);
        Assert.Null(message.FirstEid);
        Assert.Empty(message.Answers);
    }

    [Fact]
    public void CommandByte_FinalResponse_SetsBothBits()
    {
        var message = new DundiMessage { Command = DundiCommand.Ack, IsFinal = true };

        Assert.Equal(0xC0, message.CommandByte);
    }
}
