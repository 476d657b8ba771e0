using System.Text.RegularExpressions;
using NumberDirectory.Core.EnumZones;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.EnumZones;

public sealed class EnumZoneRendererTests
{
    private static readonly EnumZoneRenderer Renderer = new(new NaptrRenderer(new NaptrRenderOptions { SipServices = ["E2U+sip"], IaxServices = ["E2U+iax2"] }));

    [Fact]
    public void NamedNumbers_ListsEveryDigitNumberOfAFixedPattern_AndLeavesOutStarAndHash()
    {
        Assert.Equal(["4000", "4001", "4010", "4011"], NumberPattern.Parse("_40[01][01]").NamedNumbers());
        Assert.Equal(20, NumberPattern.Parse("_4[01]X").NamedCount());
        Assert.Equal(20, NumberPattern.Parse("_4[01]X").NamedNumbers().Count());
        Assert.Equal(["4100", "4101"], NumberPattern.Parse("4100-4101").NamedNumbers());
        Assert.Empty(NumberPattern.Parse("*97").NamedNumbers());
        Assert.Equal(0, NumberPattern.Parse("*97").NamedCount());
        Assert.Equal(["15550100"], NumberPattern.Parse("+15550100").NamedNumbers());
    }

    [Fact]
    public void NamedNumbers_OfVariablePatterns_AreTheFixedPartOfABangPatternOnly()
    {
        Assert.Empty(NumberPattern.Parse("_4930X.").NamedNumbers());
        Assert.Equal(["4001"], NumberPattern.Parse("_4001!").NamedNumbers());
    }

    [Fact]
    public void Name_CarriesTheWinnersRoutesAndDisplayName()
    {
        var range = Range("_40XX", "sip:${NUMBER}@pbx-b.example.net", "PBX B");

        var name = Renderer.Name("4001", range);

        Assert.NotNull(name);
        Assert.Equal("1.0.0.4", name.Owner);
        Assert.Equal("PBX B", name.Text);
        var record = Assert.Single(name.Naptr);
        Assert.Equal("!^.*$!sip:4001@pbx-b.example.net!", record.Regexp);
        Assert.Equal("E2U+sip", record.Services);
    }

    [Fact]
    public void Names_AssignsANumberToTheMostSpecificRangeThatNamesIt()
    {
        var wide = Range("_4XXX", "sip:${NUMBER}@wide.example.net");
        var literal = Range("4001", "sip:${NUMBER}@literal.example.net");
        var bang = Range("_4002!", "sip:${NUMBER}@bang.example.net");

        Assert.True(EnumZoneRenderer.Names(literal, "4001", [literal, wide]));
        Assert.False(EnumZoneRenderer.Names(wide, "4001", [literal, wide]));
        Assert.True(EnumZoneRenderer.Names(bang, "4002", [bang, wide]));
        Assert.False(EnumZoneRenderer.Names(wide, "4002", [bang, wide]));
        Assert.True(EnumZoneRenderer.Names(wide, "4003", [wide]));
    }

    [Fact]
    public void Names_LetsAFixedRangeNameANumberAVariableOneMatchesMoreSpecifically()
    {
        var wide = Range("_4XXX", "sip:${NUMBER}@wide.example.net");
        var dot = Range("_400X.", "sip:${NUMBER}@dot.example.net");

        // `_400X.` matches 40012 only; for the four digits of 4001 `_4XXX` is the only one naming it.
        Assert.True(EnumZoneRenderer.Names(wide, "4001", [wide]));
        Assert.False(EnumZoneRenderer.NamesNumber(dot.Pattern, "40012"));
    }

    [Theory]
    [InlineData("_+4930X.", "sip:${NUMBER}@pbx.example.net", "*.0.3.9.4", "!^\\+(4930[0-9][0-9]{1,10})$!sip:\\1@pbx.example.net!")]
    [InlineData("_+4930X.", "sip:${NUMBER:2}@pbx.example.net", "*.0.3.9.4", "!^\\+(49)(30[0-9][0-9]{1,10})$!sip:\\2@pbx.example.net!")]
    [InlineData("_+4930X.", "sip:${NUMBER:0:2}-${NUMBER:2}@pbx.example.net", "*.0.3.9.4", "!^\\+(49)(30[0-9][0-9]{1,10})$!sip:\\1-\\2@pbx.example.net!")]
    [InlineData("_49[0-4]X!", "sip:${NUMBER}@pbx.example.net", "*.9.4", "!^\\+(49[0-4][0-9][0-9]{0,11})$!sip:\\1@pbx.example.net!")]
    [InlineData("_X.", "sip:${NUMBER}@pbx.example.net", "*", "!^\\+([0-9][0-9]{1,14})$!sip:\\1@pbx.example.net!")]
    [InlineData("_4930X.", "sip:fixed@pbx.example.net", "*.0.3.9.4", "!^\\+(4930[0-9][0-9]{1,10})$!sip:fixed@pbx.example.net!")]
    public void TryWildcard_PlacesTheNameUnderTheLiteralPrefixAndEnforcesThePatternInTheRegexp(string pattern, string uri, string owner, string regexp)
    {
        Assert.True(Renderer.TryWildcard(Range(pattern, uri), out var name, out var error), error);
        Assert.Equal(owner, name.Owner);
        Assert.Equal(regexp, Assert.Single(name.Naptr).Regexp);
    }

    [Fact]
    public void TryWildcard_RegexpRewritesANumberOfThePatternAndRejectsOthers()
    {
        Assert.True(Renderer.TryWildcard(Range("_+4930X.", "sip:${NUMBER:2}@pbx.example.net"), out var name, out _));
        var parts = Assert.Single(name.Naptr).Regexp.Split('!');
        var regex = new Regex(parts[1], RegexOptions.None, TimeSpan.FromSeconds(1));

        // RFC 3402 §3.2: back-references are \1–\9; .NET writes them $1.
        var replacement = Regex.Replace(parts[2], @"\\([1-9])", "$$$1");
        Assert.Equal("sip:30123456@pbx.example.net", regex.Replace("+4930123456", replacement));
        Assert.DoesNotMatch(regex, "+49301");
        Assert.DoesNotMatch(regex, "+4931123456");
        Assert.Matches(regex, "+493012345678901");
        Assert.DoesNotMatch(regex, "+4930123456789012");
    }

    [Fact]
    public void TryWildcard_RefusesASliceCountedFromTheEnd_NamingIt()
    {
        Assert.False(Renderer.TryWildcard(Range("_4930X.", "sip:${NUMBER:-4}@pbx.example.net"), out _, out var error));
        Assert.Contains("${NUMBER:-4}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryWildcard_RefusesAPatternWithNoRoomLeftForItsTail()
    {
        Assert.False(Renderer.TryWildcard(Range("_123456789012345.", "sip:${NUMBER}@pbx.example.net"), out _, out var error));
        Assert.Contains("at most 15", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Owner_ReversesTheDigits()
    {
        Assert.Equal("1.0.1.0.5.5.5.1", EnumZoneRenderer.Owner("15550101"));
    }

    private static PublishedRange Range(string pattern, string uri, string? display = null) =>
        new("e164", NumberPattern.Parse(pattern), [Route.Create(RouteTemplate.Parse(uri), 10)], RangeSource.Config) { DisplayName = display };
}
