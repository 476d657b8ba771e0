using System.Text.RegularExpressions;
using NumberDirectory.Core.Naptr;

namespace NumberDirectory.Core.Tests.Naptr;

public class PosixRegexTests
{
    private static Regex Compile(string ere)
    {
        Assert.True(PosixRegex.TryTranslate(ere, '!', out var pattern, out _, out var error), error);
        return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData("^.*$", "+15550100123", true)]
    [InlineData("^\\+1555(.*)$", "+15550100123", true)]
    [InlineData("^\\+1555(.*)$", "+442079460123", false)]
    [InlineData("^\\+44[0-9]{10}$", "+442079460123", true)]
    [InlineData("^\\+44[0-9]{10}$", "+44207946012", false)]
    [InlineData("^\\+[[:digit:]]{1,15}$", "+74951234567", true)]
    [InlineData("^\\+[[:digit:]]{1,15}$", "+7495123456a", false)]
    [InlineData("^\\+[^[:alpha:]]+$", "+61212345678", true)]
    [InlineData("^[]+]15$", "]15", true)]
    [InlineData("^[]+]15$", "+15", true)]
    [InlineData("^[^]x]15$", "]15", false)]
    [InlineData("^[a-]$", "-", true)]
    [InlineData("^[-a]$", "-", true)]
    [InlineData("^[\\d]$", "\\", true)]
    [InlineData("^[\\d]$", "d", true)]
    [InlineData("^[\\d]$", "5", false)]
    [InlineData("^[.].$", ".x", true)]
    [InlineData("^[.].$", "xx", false)]
    [InlineData("^[[.-.]]$", "-", true)]
    [InlineData("^(\\+1|\\+44)[0-9]+$", "+442079460123", true)]
    [InlineData("^a|b$", "ab", true)]
    [InlineData("^\\$\\.\\(\\)$", "$.()", true)]
    [InlineData("^x\\!y$", "x!y", true)]
    [InlineData("^[^\\!]+$", "x!y", false)]
    [InlineData("1$", "+1\n", false)]
    [InlineData("^a.b$", "a\nb", true)]
    public void TryTranslate_Accepted_MatchesAsPosixDoes(string ere, string input, bool matches)
    {
        Assert.Equal(matches, Compile(ere).IsMatch(input));
    }

    [Fact]
    public void TryTranslate_Groups_AreCounted()
    {
        Assert.True(PosixRegex.TryTranslate("^(\\+1)(5(55))(.*)$", null, out _, out var groups, out _));

        Assert.Equal(4, groups);
    }

    [Theory]
    [InlineData("(?i)abc", "'(?' at position 0 is .NET group syntax")]
    [InlineData("^(?:1)$", "'(?' at position 1 is .NET group syntax")]
    [InlineData("^1+?$", "follows another repetition")]
    [InlineData("^1*+$", "follows another repetition")]
    [InlineData("^1{2}?$", "follows another repetition")]
    [InlineData("^\\d+$", "'\\d' at position 1 is not ERE")]
    [InlineData("^\\w+$", "'\\w' at position 1 is not ERE")]
    [InlineData("^\\b1", "'\\b' at position 1 is not ERE")]
    [InlineData("^(1)\\1$", "back-reference, which EREs do not have")]
    [InlineData("*1", "'*' at position 0 repeats nothing")]
    [InlineData("^*1", "repeats an anchor")]
    [InlineData("1$+", "repeats an anchor")]
    [InlineData("a||b", "empty alternative or group")]
    [InlineData("^()$", "empty alternative or group")]
    [InlineData("^(1$", "unclosed '('")]
    [InlineData("^1)$", "unmatched ')'")]
    [InlineData("^[12$", "unclosed '['")]
    [InlineData("^[9-0]$", "runs backwards")]
    [InlineData("^[a-c-e]$", "follows a range")]
    [InlineData("^[[:digits:]]$", "unknown character class '[:digits:]'")]
    [InlineData("^[[.hyphen.]]$", "names a locale's collating element")]
    [InlineData("^1{256}$", "more than 255 times")]
    [InlineData("^1{3,2}$", "larger count first")]
    [InlineData("^1{,2}$", "does not start an interval")]
    [InlineData("^{}]$", "'{' at position 1 repeats an anchor")]
    [InlineData("^1{x}$", "does not start an interval")]
    [InlineData("^1{2$", "unclosed interval")]
    [InlineData("^1\\", "escapes nothing")]
    public void TryTranslate_NotEre_RefusedWithTheReason(string ere, string reason)
    {
        Assert.False(PosixRegex.TryTranslate(ere, '!', out _, out _, out var error));

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryTranslate_DeepNesting_Refused()
    {
        var ere = new string('(', 40) + "1" + new string(')', 40);

        Assert.False(PosixRegex.TryTranslate(ere, null, out _, out _, out var error));
        Assert.Contains("nested deeper than 32", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryTranslate_EscapedDelimiterThatIsALetter_IsThatLetter()
    {
        // With 'd' as the delimiter, '\d' is the delimiter itself (RFC 3402 §3.2), not a digit class.
        Assert.True(PosixRegex.TryTranslate("^\\d$", 'd', out var pattern, out _, out _));

        Assert.Matches(new Regex(pattern), "d");
        Assert.DoesNotMatch(new Regex(pattern), "5");
    }
}
