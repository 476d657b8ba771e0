using NumberDirectory.Core.Naptr;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.Naptr;

public class NaptrSelectionTests
{
    private const string Number = "+15550100123";

    // Generous, so a loaded test machine never turns a match into a timeout; timeouts have their own test.
    private static readonly TimeSpan Patient = TimeSpan.FromSeconds(10);

    private static NaptrRecordData Sip(ushort order, ushort preference, string user, string flags = "u", string services = "E2U+sip") =>
        new(order, preference, flags, services, $"!^.*$!sip:{user}@pbx.example.net!", ".");

    private static NaptrChoice Choose(params NaptrRecordData[] records) =>
        NaptrSelection.Choose(records, Number, Patient);

    private static string[] Users(NaptrChoice choice) => [.. choice.Routes.Select(r => r.Uri.User!)];

    [Fact]
    public void Choose_TwoOrders_OnlyTheLowerOrderByPreference()
    {
        var choice = Choose(Sip(200, 1, "late"), Sip(100, 20, "second"), Sip(100, 10, "first"));

        Assert.Equal((ushort)100, choice.Order);
        Assert.Equal(["first", "second"], Users(choice));
        Assert.Equal([10, 20], choice.Routes.Select(r => (int)r.Preference));
    }

    [Fact]
    public void Choose_LowerOrderHasNothingUsable_TheNextOrder()
    {
        var choice = Choose(Sip(100, 10, "mail", services: "E2U+email:mailto"), Sip(200, 10, "voice"));

        Assert.Equal((ushort)200, choice.Order);
        Assert.Equal(["voice"], Users(choice));
        Assert.Contains("no service this node routes in 'E2U+email:mailto'", Assert.Single(choice.Skipped).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_LowerOrderHasOneUsableRecord_StopsThereThoughAWorseOrderHasMore()
    {
        var choice = Choose(Sip(100, 10, "one"), Sip(100, 5, "skipped", flags: "x"), Sip(200, 10, "two"), Sip(200, 20, "three"));

        Assert.Equal(["one"], Users(choice));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("s")]
    [InlineData("a")]
    [InlineData("p")]
    [InlineData("us")]
    public void Choose_UnknownFlags_RecordSkipped(string flags)
    {
        var choice = Choose(Sip(100, 1, "odd", flags: flags), Sip(100, 2, "good"));

        Assert.Equal(["good"], Users(choice));
        Assert.Contains($"flags '{flags}' are not ENUM's", Assert.Single(choice.Skipped).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_UpperCaseFlagAndService_Accepted()
    {
        Assert.Equal(["loud"], Users(Choose(Sip(100, 1, "loud", flags: "U", services: "E2U+SIP"))));
    }

    [Theory]
    [InlineData("E2U+sip", "!^.*$!sip:4001@pbx-b.example.net!", "sip:4001@pbx-b.example.net")]
    [InlineData("E2U+pjsip", "!^.*$!sips:4001@pbx-b.example.net:5061!", "sips:4001@pbx-b.example.net:5061")]
    [InlineData("E2U+voice:sip", "!^\\+(.*)$!sip:\\1@gw.example.net;user=phone!", "sip:15550100123@gw.example.net;user=phone")]
    [InlineData("E2U+iax2", "!^.*$!iax:pbx-b.example.net/4001!", "iax2:pbx-b.example.net/4001")]
    [InlineData("E2U+iax", "!^.*$!iax2:pbx-b.example.net:4569/4001!", "iax2:pbx-b.example.net:4569/4001")]
    [InlineData("E2U+h323", "!^.*$!h323:4001@gw.example.net!", "h323:4001@gw.example.net")]
    [InlineData("E2U+voice:tel", "!^(.*)$!tel:\\1!", "tel:+15550100123")]
    [InlineData("E2U+pstn:tel", "!^(.*)$!tel:\\1!", "tel:+15550100123")]
    public void Choose_RoutableService_TheRouteUri(string services, string regexp, string uri)
    {
        var choice = Choose(new NaptrRecordData(10, 10, "u", services, regexp, "."));

        Assert.Equal(uri, Assert.Single(choice.Routes).Uri.Text);
    }

    [Theory]
    [InlineData("E2U+sip", "!^.*$!iax:pbx-b.example.net/4001!", "a iax2: URI under 'E2U+sip'")]
    [InlineData("E2U+sip", "!^.*$!mailto:someone@example.net!", "is not a route")]
    [InlineData("E2U+sip", "!^.*$!sip:4001:secret@pbx-b.example.net!", "is not a route")]
    [InlineData("E2U+sip", "!^\\+44!sip:4001@pbx-b.example.net!", "does not match '+15550100123'")]
    [InlineData("E2U+sip", "!^\\d!sip:4001@pbx-b.example.net!", "not a POSIX ERE")]
    [InlineData("sip+E2U", "!^.*$!sip:4001@pbx-b.example.net!", "not an ENUM services field")]
    [InlineData("E2U+web:http", "!^.*$!http://example.net/!", "no service this node routes")]
    public void Choose_TerminalRecordThatGivesNoRoute_SkippedWithTheReason(string services, string regexp, string reason)
    {
        var choice = Choose(new NaptrRecordData(10, 10, "u", services, regexp, "."));

        Assert.Empty(choice.Routes);
        Assert.Null(choice.Order);
        Assert.Contains(reason, Assert.Single(choice.Skipped).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("u", "!^.*$!sip:x@example.net!", "next.example.net", "both a regexp and a replacement")]
    [InlineData("u", "", "next.example.net", "a terminal record without a regexp")]
    [InlineData("", "", ".", "neither a regexp nor a replacement")]
    [InlineData("", "!^.*$!not a name!", ".", "the regexp's result")]
    public void Choose_MalformedRecord_Skipped(string flags, string regexp, string replacement, string reason)
    {
        var choice = Choose(new NaptrRecordData(10, 10, flags, "E2U+sip", regexp, replacement));

        Assert.Contains(reason, Assert.Single(choice.Skipped).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_NonTerminalRecords_TheNextNames()
    {
        var choice = Choose(
            new NaptrRecordData(10, 20, "", "E2U+sip", "", "3.2.1.0.0.1.0.5.5.5.1.e164.Example.NET."),
            new NaptrRecordData(10, 10, "", "", "!^\\+1(.*)$!\\1.nanp.example.net!", "."));

        Assert.Equal(["5550100123.nanp.example.net", "3.2.1.0.0.1.0.5.5.5.1.e164.example.net"], choice.Next.Select(n => n.Name));
        Assert.Empty(choice.Routes);
        Assert.Equal((ushort)10, choice.Order);
    }

    [Fact]
    public void Choose_RegexpOutOfTime_SkippedAndIncomplete()
    {
        var slow = new NaptrRecordData(10, 10, "u", "E2U+sip", "!(.*1){20}x!sip:slow@pbx.example.net!", ".");

        // An ENUM input is 16 characters at most; a long one stands in for an expression slow on a short one.
        var choice = NaptrSelection.Choose([slow, Sip(20, 10, "later")], new string('1', 1_000_000), TimeSpan.FromMilliseconds(1));

        Assert.True(choice.Incomplete);
        Assert.True(Assert.Single(choice.Skipped, s => s.Record == slow).TimedOut);
        Assert.Contains("ran out of its 1 ms", choice.Skipped[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_NoRecords_NothingChosen()
    {
        var choice = Choose();

        Assert.Null(choice.Order);
        Assert.Empty(choice.Routes);
        Assert.False(choice.Incomplete);
    }
}
