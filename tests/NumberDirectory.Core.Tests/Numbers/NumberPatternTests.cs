using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Tests.Numbers;

public sealed class NumberPatternTests
{
    // Expected flags: E = EXISTS, C = CANMATCH, M = MATCHMORE, "" = none.
    [Theory]
    [InlineData("_X", "", "CM")]
    [InlineData("_X", "0", "EC")]
    [InlineData("_X", "9", "EC")]
    [InlineData("_X", "*", "")]
    [InlineData("_X", "12", "")]
    [InlineData("_x", "5", "EC")]
    [InlineData("_Z", "0", "")]
    [InlineData("_Z", "1", "EC")]
    [InlineData("_z", "9", "EC")]
    [InlineData("_N", "1", "")]
    [InlineData("_N", "2", "EC")]
    [InlineData("_n", "9", "EC")]
    [InlineData("_[1-5]", "0", "")]
    [InlineData("_[1-5]", "1", "EC")]
    [InlineData("_[1-5]", "5", "EC")]
    [InlineData("_[1-5]", "6", "")]
    [InlineData("_[135-7]", "1", "EC")]
    [InlineData("_[135-7]", "2", "")]
    [InlineData("_[135-7]", "3", "EC")]
    [InlineData("_[135-7]", "4", "")]
    [InlineData("_[135-7]", "6", "EC")]
    [InlineData("_[135-7]", "8", "")]
    [InlineData("_[*#]", "*", "EC")]
    [InlineData("_[*#]", "#", "EC")]
    [InlineData("_[*#]", "1", "")]
    [InlineData("_12", "1", "CM")]
    [InlineData("_12", "12", "EC")]
    [InlineData("_12", "13", "")]
    [InlineData("_*9#", "*9#", "EC")]
    [InlineData("_*9#", "*9", "CM")]
    [InlineData("_555-1XXX", "5551234", "EC")]
    [InlineData("_555-1XXX", "555", "CM")]
    [InlineData("_X.", "", "CM")]
    [InlineData("_X.", "1", "CM")]
    [InlineData("_X.", "12", "ECM")]
    [InlineData("_X.", "123456789", "ECM")]
    [InlineData("_X.", "*1", "")]
    [InlineData("_X!", "", "CM")]
    [InlineData("_X!", "1", "EC")]
    [InlineData("_X!", "12", "EC")]
    [InlineData("_!", "", "EC")]
    [InlineData("_!", "123", "EC")]
    [InlineData("_.", "", "CM")]
    [InlineData("_.", "1", "ECM")]
    [InlineData("_011.", "01", "CM")]
    [InlineData("_011.", "011", "CM")]
    [InlineData("_011.", "01144", "ECM")]
    [InlineData("_011.", "02144", "")]
    [InlineData("_4XXX", "", "CM")]
    [InlineData("_4XXX", "40", "CM")]
    [InlineData("_4XXX", "4001", "EC")]
    [InlineData("_4XXX", "40012", "")]
    [InlineData("_4XXX", "5001", "")]
    [InlineData("_7[0-4]XX", "7499", "EC")]
    [InlineData("_7[0-4]XX", "7500", "")]
    [InlineData("_NXXNXXXXXX", "4155550100", "EC")]
    [InlineData("_NXXNXXXXXX", "1155550100", "")]
    [InlineData("_NXXNXXXXXX", "4151550100", "")]
    [InlineData("_NXXNXXXXXX", "415", "CM")]
    [InlineData("_NXXNXXXXXX", "41555501000", "")]
    [InlineData("_+7495XXXXXXX", "74951234567", "EC")]
    [InlineData("_+7495XXXXXXX", "7495", "CM")]
    public void Match_AsteriskPattern_FlagsAsAsterisk(string pattern, string number, string expected) =>
        Assert.Equal(Flags(expected), NumberPattern.Parse(pattern).Match(number));

    [Theory]
    [InlineData("4001", "", "CM")]
    [InlineData("4001", "40", "CM")]
    [InlineData("4001", "4001", "EC")]
    [InlineData("4001", "40012", "")]
    [InlineData("4001", "4002", "")]
    [InlineData("*97", "*97", "EC")]
    [InlineData("*97", "*", "CM")]
    [InlineData("+14155550100", "14155550100", "EC")]
    [InlineData("+14155550100", "1415", "CM")]
    public void Match_LiteralNumber_ExistsOnlyWhenEqual(string pattern, string number, string expected) =>
        Assert.Equal(Flags(expected), NumberPattern.Parse(pattern).Match(number));

    [Theory]
    [InlineData("4000-4999", "3999", "")]
    [InlineData("4000-4999", "4000", "EC")]
    [InlineData("4000-4999", "4999", "EC")]
    [InlineData("4000-4999", "5000", "")]
    [InlineData("4000-4999", "4", "CM")]
    [InlineData("4000-4999", "49999", "")]
    [InlineData("4050-4149", "4049", "")]
    [InlineData("4050-4149", "4050", "EC")]
    [InlineData("4050-4149", "4099", "EC")]
    [InlineData("4050-4149", "4100", "EC")]
    [InlineData("4050-4149", "4149", "EC")]
    [InlineData("4050-4149", "4150", "")]
    [InlineData("4050-4149", "40", "CM")]
    [InlineData("4050-4149", "404", "")]
    [InlineData("4050-4149", "415", "")]
    [InlineData("0000-9999", "0000", "EC")]
    [InlineData("0000-9999", "9999", "EC")]
    [InlineData("0000-9999", "999", "CM")]
    [InlineData("1-1", "1", "EC")]
    [InlineData("1-1", "2", "")]
    [InlineData("19-20", "18", "")]
    [InlineData("19-20", "19", "EC")]
    [InlineData("19-20", "20", "EC")]
    [InlineData("19-20", "21", "")]
    [InlineData("19-20", "1", "CM")]
    [InlineData("19-20", "2", "CM")]
    [InlineData("+74951234000-+74951234999", "74951234567", "EC")]
    [InlineData("+74951234000-+74951234999", "74951235000", "")]
    [InlineData("+74951234000-+74951234999", "749512", "CM")]
    public void Match_Range_ExistsInsideBoundsOnly(string pattern, string number, string expected) =>
        Assert.Equal(Flags(expected), NumberPattern.Parse(pattern).Match(number));

    [Theory]
    [InlineData("0000-9999", 1)]
    [InlineData("4000-4999", 1)]
    [InlineData("4050-4149", 2)]
    [InlineData("1-1", 1)]
    [InlineData("19-20", 2)]
    [InlineData("1234-5678", 7)]
    [InlineData("+74951234000-+74951234999", 1)]
    public void Parse_Range_DecomposesIntoFewAlternatives(string text, int expected) =>
        Assert.Equal(expected, NumberPattern.Parse(text).AlternativeCount);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(123, 4567)]
    [InlineData(0, 9999)]
    [InlineData(1999, 2000)]
    [InlineData(4050, 4149)]
    [InlineData(3333, 3340)]
    public void Match_Range_AgreesWithArithmeticForEveryNumber(int low, int high)
    {
        var pattern = NumberPattern.Parse($"{low:D4}-{high:D4}");
        for (var n = 0; n <= 9999; n++)
        {
            var expected = n >= low && n <= high ? MatchKind.Exists | MatchKind.CanMatch : MatchKind.None;
            Assert.Equal(expected, pattern.Match($"{n:D4}"));
        }

        Assert.True(pattern.AlternativeCount <= 8);
    }

    [Theory]
    [InlineData("_4XXX", false, false)]
    [InlineData("_+7495XXXXXXX", true, false)]
    [InlineData("4001", false, true)]
    [InlineData("+14155550100", true, true)]
    [InlineData("+74951234000-+74951234999", true, false)]
    [InlineData("  _X.  ", false, false)]
    public void Parse_ValidText_KeepsTrimmedTextAndKind(string text, bool isE164, bool isLiteral)
    {
        var pattern = NumberPattern.Parse(text);

        Assert.Equal(text.Trim(), pattern.Text);
        Assert.Equal(text.Trim(), pattern.ToString());
        Assert.Equal(isE164, pattern.IsE164);
        Assert.Equal(isLiteral, pattern.IsLiteral);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("  ", "empty")]
    [InlineData("_", "no elements")]
    [InlineData("_+", "no elements")]
    [InlineData("_4[0-5XX", "close the set like _4[0-5]XX")]
    [InlineData("_4[]XX", "empty set")]
    [InlineData("_4[5-1]XX", "reversed")]
    [InlineData("_4[-5]XX", "no start")]
    [InlineData("_4[5-]XX", "no end")]
    [InlineData("_4[*-#]XX", "between two digits")]
    [InlineData("_4[X]XX", "cannot be in a set")]
    [InlineData("_40]X", "closes no set")]
    [InlineData("_X.X", "must be the last element")]
    [InlineData("_X!1", "must be the last element")]
    [InlineData("_4A", "not a pattern character")]
    [InlineData("_4 1", "not a pattern character")]
    [InlineData("_4+1", "only allowed right after '_'")]
    [InlineData("40A1", "not allowed in a number")]
    [InlineData("+", "followed by the digits")]
    [InlineData("+1415*", "not a digit")]
    [InlineData("+1234567890123456", "at most 15")]
    [InlineData("4000-49999", "same length")]
    [InlineData("4999-4000", "lower number first")]
    [InlineData("4000-", "missing its last")]
    [InlineData("-4000", "missing its first")]
    [InlineData("4000-4999-5999", "more than one '-'")]
    [InlineData("+74951234000-74951234999", "mixes an E.164")]
    [InlineData("40X0-4999", "not a digit")]
    [InlineData("+-+", "followed by digits")]
    public void TryParse_BadText_ExplainsTheProblem(string? text, string fragment)
    {
        Assert.False(NumberPattern.TryParse(text, out var pattern, out var error));
        Assert.Null(pattern);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => NumberPattern.Parse(text!));
    }

    [Fact]
    public void TryParse_UnclosedSet_SaysWhereAndHow() =>
        Assert.Equal(
            "unclosed '[' at position 3 in '_4[0-5XX': close the set like _4[0-5]XX",
            NumberPattern.TryParse("_4[0-5XX", out _, out var error) ? null : error);

    [Theory]
    [InlineData("4001", "_400X", "4001")]
    [InlineData("_400X", "_40XX", "4001")]
    [InlineData("_40[0-2]X", "_40XX", "4001")]
    [InlineData("_4N01", "_4Z01", "4201")]
    [InlineData("_4Z01", "_4X01", "4201")]
    [InlineData("_4XXX", "_X.", "4001")]
    [InlineData("_X.", "_X!", "4001")]
    [InlineData("_4001", "_4001!", "4001")]
    [InlineData("4001", "_4001", "4001")]
    [InlineData("4100-4149", "_41XX", "4120")]
    [InlineData("4050-4149", "_41XX", "4120")]
    [InlineData("_41XX", "4000-4999", "4120")]
    public void CompareSpecificity_MoreSpecificFirst_Negative(string specific, string general, string number)
    {
        var x = NumberPattern.Parse(specific);
        var y = NumberPattern.Parse(general);

        Assert.True(NumberPattern.CompareSpecificity(x, y, number) < 0);
        Assert.True(NumberPattern.CompareSpecificity(y, x, number) > 0);
    }

    [Fact]
    public void CompareSpecificity_SameShape_TextBreaksTie() =>
        Assert.True(NumberPattern.CompareSpecificity(NumberPattern.Parse("_4[0-1]X"), NumberPattern.Parse("_4[1-2]X"), "411") < 0);

    internal static MatchKind Flags(string letters)
    {
        var flags = MatchKind.None;
        foreach (var c in letters)
        {
            flags |= c switch
            {
                'E' => MatchKind.Exists,
                'C' => MatchKind.CanMatch,
                'M' => MatchKind.MatchMore,
                _ => throw new ArgumentException($"unknown flag letter '{c}'", nameof(letters)),
            };
        }

        return flags;
    }
}
