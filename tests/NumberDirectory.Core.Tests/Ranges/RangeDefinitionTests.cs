using NumberDirectory.Core.Ranges;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.Ranges;

public class RangeDefinitionTests
{
    [Fact]
    public void TryBuild_ValidDefinition_BuildsTheRange()
    {
        var definition = new RangeDefinition(null, "_4XXX", [new RouteDefinition("iax2:pbx-b.example.net/${NUMBER}", 10, ["Commercial", "mobile"])]) { Merge = true };

        Assert.True(definition.TryBuild(RangeSource.Config, out var range, out var errors), string.Join("; ", errors));

        Assert.Equal("e164", range.Context);
        Assert.Equal("_4XXX", range.Pattern.Text);
        Assert.True(range.Merge);
        Assert.Equal(RangeSource.Config, range.Source);
        var route = Assert.Single(range.Routes);
        Assert.Equal(10, route.Weight);
        Assert.Equal(RouteFlags.Commercial | RouteFlags.Mobile, route.Flags);
    }

    [Theory]
    [InlineData("  Alice Example ", "Alice Example")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void TryBuild_DisplayName_TrimmedOrNone(string? given, string? expected)
    {
        var definition = new RangeDefinition(null, "4001", [new RouteDefinition("sip:${NUMBER}@pbx.example.net", 0, null)]) { DisplayName = given };

        Assert.True(definition.TryBuild(RangeSource.Runtime, out var range, out _));
        Assert.Equal(expected, range.DisplayName);
    }

    [Theory]
    [InlineData("Alice\nExample", "control characters")]
    [InlineData("long", "octets")]
    public void TryBuild_BadDisplayName_NamesTheField(string given, string problem)
    {
        var name = given == "long" ? new string('é', 128) : given;
        var definition = new RangeDefinition(null, "4001", [new RouteDefinition("sip:${NUMBER}@pbx.example.net", 0, null)]) { DisplayName = name };

        Assert.False(definition.TryBuild(RangeSource.Runtime, out _, out var errors));
        Assert.Contains(errors, e => e.StartsWith("DisplayName:", StringComparison.Ordinal) && e.Contains(problem, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("bad context!", "_4XXX", "iax2:h.example.net/${NUMBER}", 0, null, "Context:")]
    [InlineData("e164", "_4[0-5XX", "iax2:h.example.net/${NUMBER}", 0, null, "Pattern:")]
    [InlineData("e164", "", "iax2:h.example.net/${NUMBER}", 0, null, "Pattern:")]
    [InlineData("e164", "_4XXX", "ftp://h.example.net", 0, null, "Routes:0:Uri:")]
    [InlineData("e164", "_4XXX", "iax2:h.example.net/${SECRET}", 0, null, "Routes:0:Uri:")]
    [InlineData("e164", "_4XXX", "iax2:h.example.net/${NUMBER}", 60000, null, "Routes:0:")]
    [InlineData("e164", "_4XXX", "iax2:h.example.net/${NUMBER}", -1, null, "Routes:0:")]
    [InlineData("e164", "_4XXX", "iax2:h.example.net/${NUMBER}", 0, "Exists", "Routes:0:Flags:")]
    public void TryBuild_BadField_NamesTheField(string context, string pattern, string uri, int weight, string? flag, string field)
    {
        var definition = new RangeDefinition(context, pattern, [new RouteDefinition(uri, weight, flag is null ? null : [flag])]);

        Assert.False(definition.TryBuild(RangeSource.Runtime, out var range, out var errors));

        Assert.Null(range);
        Assert.Contains(errors, e => e.StartsWith(field, StringComparison.Ordinal));
    }

    [Fact]
    public void TryBuild_NoRoutes_SaysARouteIsNeeded()
    {
        Assert.False(new RangeDefinition("e164", "_4XXX", []).TryBuild(RangeSource.Runtime, out _, out var errors));

        Assert.Contains(errors, e => e.StartsWith("Routes:", StringComparison.Ordinal) && e.Contains("at least one route", StringComparison.Ordinal));
    }

    [Fact]
    public void TryBuild_SeveralProblems_ReportsEveryOne()
    {
        var definition = new RangeDefinition("e164", "_4[", [new RouteDefinition("nope", 0, null), new RouteDefinition("sip:${NUMBER}@h.example.net", 70000, null)]);

        Assert.False(definition.TryBuild(RangeSource.Runtime, out _, out var errors));

        Assert.Equal(3, errors.Count);
    }
}
