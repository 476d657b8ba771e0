using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.Routes;

public class NaptrOverrideTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("E2U+sip")]
    [InlineData("E2U+pjsip")]
    [InlineData("E2U+iax2")]
    [InlineData("E2U+voice:tel")]
    [InlineData("E2U+sip+voice:tel")]
    [InlineData("e2u+sip")]
    public void TryCreate_EnumService_Creates(string? service)
    {
        Assert.True(NaptrOverride.TryCreate(service, 10, 20, out var created, out var error), error);

        Assert.Equal((service, (ushort?)10, (ushort?)20), (created.Service, created.Order, created.Preference));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sip")]
    [InlineData("E2U")]
    [InlineData("E2U+")]
    [InlineData("SIP+D2U")]
    [InlineData("E2U+sip:")]
    [InlineData("E2U+si p")]
    [InlineData("E2U+sip!")]
    public void TryCreate_NotEnumService_SaysHowToWriteIt(string service)
    {
        Assert.False(NaptrOverride.TryCreate(service, null, null, out _, out var error));
        Assert.Contains("E2U+type[:subtype]", error, StringComparison.Ordinal);
    }
}
