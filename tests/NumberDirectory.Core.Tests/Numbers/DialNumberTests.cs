using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Tests.Numbers;

public class DialNumberTests
{
    [Theory]
    [InlineData("4001", "4001", false)]
    [InlineData("*97", "*97", false)]
    [InlineData("#31#", "#31#", false)]
    [InlineData("0", "0", false)]
    [InlineData("+74951234567", "74951234567", true)]
    [InlineData("+442079460000", "442079460000", true)]
    [InlineData("+15550100", "15550100", true)]
    [InlineData("+123456789012345", "123456789012345", true)]
    public void TryParse_ValidNumber_KeepsDigitsAndE164Flag(string text, string digits, bool e164)
    {
        Assert.True(DialNumber.TryParse(text, out var number, out var error), error);

        Assert.Equal(digits, number.Digits);
        Assert.Equal(e164, number.IsE164);
        Assert.Equal(text, number.ToString());
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("+", "'+' must be followed")]
    [InlineData("40a1", "'a' at position 3")]
    [InlineData("40 01", "' ' at position 3")]
    [InlineData("4001\n", "'\\u000a' at position 5")]
    [InlineData("+1555*0100", "not a digit")]
    [InlineData("++15550100", "not a digit")]
    [InlineData("+1234567890123456", "at most 15 digits")]
    [InlineData("45+1", "not allowed")]
    public void TryParse_Malformed_SaysWhatIsWrong(string? text, string fragment)
    {
        Assert.False(DialNumber.TryParse(text, out _, out var error));

        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(80, true)]
    [InlineData(81, false)]
    [InlineData(10_000, false)]
    public void TryParse_Length_IsCappedAtAsterisksLimit(int length, bool accepted)
    {
        var ok = DialNumber.TryParse(new string('1', length), out _, out var error);

        Assert.Equal(accepted, ok);
        if (!accepted)
        {
            Assert.Contains("at most 80", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_Malformed_ThrowsFormatExceptionWithTheReason() =>
        Assert.Contains("not allowed", Assert.Throws<FormatException>(() => DialNumber.Parse("x")).Message, StringComparison.Ordinal);
}
