using NumberDirectory.Server.Agi;

namespace NumberDirectory.Server.Tests.Agi;

public sealed class AgiCommandTests
{
    [Theory]
    [InlineData("IAX2/pbx-b.example.net/4001", "SET VARIABLE ND_DIAL \"IAX2/pbx-b.example.net/4001\"")]
    [InlineData("say \"hi\"", "SET VARIABLE ND_DIAL \"say \\\"hi\\\"\"")]
    [InlineData("a\\b", "SET VARIABLE ND_DIAL \"a\\\\b\"")]
    [InlineData("two\nlines", "SET VARIABLE ND_DIAL \"two lines\"")]
    [InlineData("", "SET VARIABLE ND_DIAL \"\"")]
    public void SetVariable_EscapesQuotesAndBackslashes(string value, string expected)
    {
        var command = AgiCommand.SetVariable("ND_DIAL", value);

        Assert.Equal(expected, command);
        Assert.Equal(value.Replace('\n', ' '), AgiTestClient.ParseSetVariable(command)!.Value.Value);
    }

    [Theory]
    [InlineData("200 result=1", true)]
    [InlineData("200 result=1 (ok)", true)]
    [InlineData("200 result=0", false)]
    [InlineData("200 result=10", false)]
    [InlineData("510 Invalid or unknown command", false)]
    public void IsSuccess_OnlyResultOne(string reply, bool success) => Assert.Equal(success, AgiCommand.IsSuccess(reply));

    [Theory]
    [InlineData("HANGUP", true)]
    [InlineData("511 Command Not Permitted on a dead channel or intercept routine", true)]
    [InlineData("200 result=1", false)]
    public void IsHangup_HangupLineOr511(string reply, bool hangup) => Assert.Equal(hangup, AgiCommand.IsHangup(reply));
}
