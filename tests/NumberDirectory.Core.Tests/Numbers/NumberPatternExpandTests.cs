using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Tests.Numbers;

public class NumberPatternExpandTests
{
    [Theory]
    [InlineData("4001", 10, "4001")]
    [InlineData("+15550100", 10, "15550100")]
    [InlineData("_40[1-3]", 10, "401,402,403")]
    [InlineData("_4[*#]", 10, "4*,4#")]
    [InlineData("4098-4102", 10, "4098,4099,4100,4101,4102")]
    [InlineData("_7N", 8, "72,73,74,75,76,77,78,79")]
    public void TryExpand_FixedSetWithinTheCap_ListsEveryNumber(string pattern, int max, string expected)
    {
        Assert.True(NumberPattern.Parse(pattern).TryExpand(max, out var numbers));

        Assert.Equal(expected.Split(','), numbers);
    }

    [Theory]
    [InlineData("_X.", 1000)]
    [InlineData("_X!", 1000)]
    [InlineData("_4XXX", 999)]
    [InlineData("4000-4999", 999)]
    public void TryExpand_VariableLengthOrTooMany_Refuses(string pattern, int max) =>
        Assert.False(NumberPattern.Parse(pattern).TryExpand(max, out _));

    [Fact]
    public void TryExpand_ExactlyAtTheCap_IsAccepted()
    {
        Assert.True(NumberPattern.Parse("_4XXX").TryExpand(1000, out var numbers));

        Assert.Equal(1000, numbers.Count);
        Assert.Equal("4000", numbers[0]);
        Assert.Equal("4999", numbers[^1]);
    }

    [Theory]
    [InlineData("4001", 1L)]
    [InlineData("7000-7004", 5L)]
    [InlineData("4098-4102", 5L)]
    [InlineData("_71XX", 100L)]
    [InlineData("_4[*#]", 2L)]
    [InlineData("_NXXNXXXXXX", 6_400_000_000L)]
    [InlineData("_+7495XXXXXXX", 10_000_000L)]
    [InlineData("_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", long.MaxValue)]
    public void FixedCount_FixedSet_CountsWithoutListing(string pattern, long expected) =>
        Assert.Equal(expected, NumberPattern.Parse(pattern).FixedCount());

    [Theory]
    [InlineData("_X.")]
    [InlineData("_7!")]
    public void FixedCount_VariableLength_IsNull(string pattern) => Assert.Null(NumberPattern.Parse(pattern).FixedCount());

    [Theory]
    [InlineData("4001", "4001")]
    [InlineData("+15550100", "15550100")]
    [InlineData("_NXX", "200")]
    [InlineData("_4Z[5-7]", "415")]
    [InlineData("_X.", "00")]
    [InlineData("_7!", "7")]
    [InlineData("4098-4102", "4098")]
    [InlineData("_+7495XXXXXXX", "74950000000")]
    public void Example_AnyPattern_IsANumberThePatternCovers(string pattern, string expected)
    {
        var parsed = NumberPattern.Parse(pattern);

        var example = parsed.Example();

        Assert.Equal(expected, example);
        Assert.Equal(MatchKind.Exists, parsed.Match(example) & MatchKind.Exists);
    }
}
