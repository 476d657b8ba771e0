using NumberDirectory.Core.Naptr;

namespace NumberDirectory.Core.Tests.Naptr;

public class NaptrSubstitutionTests
{
    // Generous: a test machine under load must not turn a match into a timeout (the first match in a
    // process also compiles the engine). The timeout itself has its own test.
    private static readonly TimeSpan Patient = TimeSpan.FromSeconds(10);

    private static NaptrSubstitution Parse(string text)
    {
        Assert.True(NaptrSubstitution.TryParse(text, Patient, out var substitution, out var error), error);
        return substitution;
    }

    [Theory]
    [InlineData("!^.*$!sip:4001@pbx-b.example.net!", "+15550100123", "sip:4001@pbx-b.example.net")]
    [InlineData("!^\\+1(555)(.*)$!sip:\\2@pbx-\\1.example.net!", "+15550100123", "sip:0100123@pbx-555.example.net")]
    [InlineData("!^\\+44(.*)$!tel:+44\\1!", "+442079460123", "tel:+442079460123")]
    [InlineData("/^\\+(.*)$/sip:\\1@gw.example.net/", "+61212345678", "sip:61212345678@gw.example.net")]
    [InlineData("#^\\+(7)(495)(.*)$#sip:\\3@\\2.\\1.example.net#", "+74951234567", "sip:1234567@495.7.example.net")]
    [InlineData("!^\\+1(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)$!\\9\\8\\7\\6\\5\\4\\3\\2\\1!", "+15550100123", "210010555")]
    [InlineData("!^(.*)$!sip:a\\!b\\\\c@x.example.net!", "+1", "sip:a!b\\c@x.example.net")]
    [InlineData("!^\\+1555(0100)?(.*)$!\\1-\\2!", "+15559999", "-9999")]
    [InlineData("|^.*$|sip:x\\|y@example.net|", "+1", "sip:x|y@example.net")]
    [InlineData("!^\\+1!sip:!", "+15550100", "sip:")]
    public void Apply_Matches_TheReplacementWithItsGroups(string text, string input, string expected)
    {
        Assert.Equal(NaptrMatch.Matched, Parse(text).Apply(input, out var output));
        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData("!^E2U$!sip:x@example.net!i", "e2u", NaptrMatch.Matched)]
    [InlineData("!^E2U$!sip:x@example.net!I", "e2u", NaptrMatch.Matched)]
    [InlineData("!^E2U$!sip:x@example.net!", "e2u", NaptrMatch.NoMatch)]
    [InlineData("!^\\+44!sip:x@example.net!", "+15550100", NaptrMatch.NoMatch)]
    public void Apply_CaseFlag_IgnoresCaseOnlyWhenGiven(string text, string input, NaptrMatch expected)
    {
        Assert.Equal(expected, Parse(text).Apply(input, out _));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("\\^.*$\\sip:x@example.net\\", "cannot be the delimiter")]
    [InlineData("1^.*$1sip:x@example.net1", "cannot be the delimiter")]
    [InlineData("i^.*$isip:x@example.netii", "cannot be the delimiter")]
    [InlineData("!^.*$!sip:x@example.net", "needs three '!' delimiters")]
    [InlineData("!^.*$\\!sip:x@example.net!", "needs three '!' delimiters")]
    [InlineData("!^.*$!sip:x@example.net!g", "unknown regexp flags 'g'")]
    [InlineData("!^.*$!sip:x@example.net!i!", "unknown regexp flags 'i!'")]
    [InlineData("!!sip:x@example.net!", "is empty")]
    [InlineData("!^(.*)$!sip:\\2@example.net!", "refers to group \\2, but the expression has 1")]
    [InlineData("!^(.*)$!sip:\\0@example.net!", "'\\0' in the replacement is not a back-reference")]
    [InlineData("!^(.*)$!sip:\\n@example.net!", "'\\n' in the replacement is neither")]
    [InlineData("!^\\d+$!sip:x@example.net!", "not a POSIX ERE: '\\d'")]
    [InlineData("!^(?<n>.*)$!sip:x@example.net!", "not a POSIX ERE: '(?'")]
    [InlineData("!^(.{0,100}){100}$!sip:x@example.net!", "too complex to run safely")]
    public void TryParse_Malformed_RefusedWithTheReason(string text, string reason)
    {
        Assert.False(NaptrSubstitution.TryParse(text, Patient, out _, out var error));

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("!^(\\+?([0-9]+)+)+x$!sip:x@example.net!")]
    [InlineData("!^(([0-9]*)*)*[a-z]$!sip:x@example.net!")]
    [InlineData("!^(1|11|111)*2$!sip:x@example.net!")]
    public void Apply_ExpressionCatastrophicForABacktrackingEngine_AnswersAtOnce(string text)
    {
        // Exponential in a backtracking engine on a failing input; linear on the one used here.
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal(NaptrMatch.NoMatch, Parse(text).Apply("+111111111111111", out _));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void Apply_OutOfTime_TimedOutNotNoMatch()
    {
        Assert.True(NaptrSubstitution.TryParse("!(.*1){20}x!sip:x@example.net!", TimeSpan.FromMilliseconds(1), out var substitution, out var error), error);

        // The input of an ENUM lookup is short; a long one is what makes even a linear match take time.
        Assert.Equal(NaptrMatch.TimedOut, substitution.Apply(new string('1', 1_000_000), out var output));
        Assert.Null(output);
    }
}
