using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.Routes;

public class RouteTests
{
    private static readonly RouteTemplate Template = RouteTemplate.Parse("sip:${NUMBER}@pbx-b.example");

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(59999)]
    public void TryCreate_WeightInRange_Creates(int weight)
    {
        Assert.True(Route.TryCreate(Template, weight, RouteFlags.Exists, null, out var route, out _));

        Assert.Equal((ushort)weight, route.Weight);
        Assert.Equal(RouteFlags.Exists, route.Flags);
        Assert.Same(Template, route.Template);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(60000)]
    [InlineData(65535)]
    public void TryCreate_WeightOutOfRange_NamesRange(int weight)
    {
        Assert.False(Route.TryCreate(Template, weight, RouteFlags.None, null, out var route, out var error));
        Assert.Null(route);
        Assert.Contains("0 to 59999", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WeightOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Route.Create(Template, 60000));

    [Fact]
    public void Create_WithOverride_KeepsIt()
    {
        var naptr = NaptrOverride.Create("E2U+sip", 10, 5);

        var route = Route.Create(Template, 20, RouteFlags.Exists, naptr);

        Assert.Same(naptr, route.Naptr);
    }
}
