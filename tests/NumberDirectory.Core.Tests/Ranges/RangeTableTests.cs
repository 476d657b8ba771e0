using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Ranges;

namespace NumberDirectory.Core.Tests.Ranges;

public sealed class RangeTableTests : IDisposable
{
    private readonly RangeTable _table = new();

    public void Dispose() => _table.Dispose();

    private static PublishedRange Range(string pattern, string context = "e164", RangeSource source = RangeSource.Runtime)
    {
        Assert.True(new RangeDefinition(context, pattern, [new RouteDefinition("sip:${NUMBER}@pbx.example.net", 0, null)]).TryBuild(source, out var range, out _));
        return range;
    }

    [Fact]
    public void TryAdd_SamePatternTwice_RefusesNamingTheExistingSource()
    {
        Assert.True(_table.TryAdd(Range("_4XXX", source: RangeSource.Config), out _, out _));

        Assert.False(_table.TryAdd(Range("_4XXX"), out _, out var error));
        Assert.Contains("already published", error, StringComparison.Ordinal);
        Assert.Contains("config", error, StringComparison.Ordinal);
        Assert.Equal(1, _table.Count);
    }

    [Fact]
    public void Changed_AddAndRemove_RaisedOnceEachAfterTheChange()
    {
        var seen = new List<(RangeChangeKind Kind, string Key, int Count)>();
        _table.Changed += (_, change) => seen.Add((change.Kind, change.Range.Key, _table.Count));

        Assert.True(_table.TryAdd(Range("_4XXX"), out _, out _));
        Assert.False(_table.TryAdd(Range("_4XXX"), out _, out _));
        Assert.True(_table.TryRemove("e164", "_4XXX", out _));
        Assert.False(_table.TryRemove("e164", "_4XXX", out _));

        Assert.Equal([(RangeChangeKind.Added, "e164/_4XXX", 1), (RangeChangeKind.Removed, "e164/_4XXX", 0)], seen);
    }

    [Fact]
    public void TryAdd_SamePatternInAnotherContext_IsAccepted()
    {
        Assert.True(_table.TryAdd(Range("_4XXX"), out _, out _));
        Assert.True(_table.TryAdd(Range("_4XXX", "internal"), out _, out _));

        Assert.Equal(2, _table.Count);
        Assert.Equal(["e164", "internal"], _table.Contexts.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TryAdd_OverlappingPattern_ReportsTheOverlap()
    {
        var wide = Range("_4XXX");
        Assert.True(_table.TryAdd(wide, out _, out _));

        Assert.True(_table.TryAdd(Range("4000-4099"), out var overlaps, out _));
        Assert.Same(wide, Assert.Single(overlaps));
        Assert.True(_table.TryAdd(Range("_5XXX"), out var none, out _));
        Assert.Empty(none);
    }

    [Fact]
    public void TryRemove_RemovesFromLookups()
    {
        Assert.True(_table.TryAdd(Range("_4XXX"), out _, out _));

        Assert.True(_table.TryRemove("e164", "_4XXX", out var removed));
        Assert.Equal("_4XXX", removed.Pattern.Text);
        Assert.Null(_table.Find("e164", DialNumber.Parse("4001")));
        Assert.False(_table.TryRemove("e164", "_4XXX", out _));
    }
}
