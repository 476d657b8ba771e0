using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Hosting;

/// <summary>The watch buffers: bounded per watcher, losses counted, watchers bounded, nothing kept for nobody.</summary>
public sealed class LookupWatchTests
{
    // The status page off: only the watchers see the lookups (LookupHistoryTests has the page's history).
    private readonly LookupWatch _watch = new(new FakeTimeProvider(), new LookupHistory(Microsoft.Extensions.Options.Options.Create(new HttpOptions { StatusPage = false })));

    private void Report(string number) => _watch.Report("http", "127.0.0.1", number, "e164", LookupResult.NotFound(TimeSpan.FromSeconds(30)), TimeSpan.FromMilliseconds(1));

    [Fact]
    public void SlowWatcher_LosesTheNewestEventsBeyondItsBuffer_AndCountsThem()
    {
        using var watcher = _watch.TryWatch(_ => true)!;

        for (var i = 0; i < LookupWatch.BufferPerWatcher + 100; i++)
        {
            Report(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(100, watcher.TakeDropped());
        Assert.Equal(0, watcher.TakeDropped());
        Assert.True(watcher.Events.TryRead(out var first));
        Assert.Equal("0", first.Number);
        Assert.Equal(LookupWatch.BufferPerWatcher - 1, watcher.Events.Count);
    }

    [Fact]
    public void Filter_DecidesWhatIsBuffered()
    {
        using var watcher = _watch.TryWatch(seen => seen.Number.StartsWith('4'))!;

        Report("3001");
        Report("4001");

        Assert.True(watcher.Events.TryRead(out var only));
        Assert.Equal("4001", only.Number);
        Assert.False(watcher.Events.TryRead(out _));
    }

    [Fact]
    public void Watchers_AreBounded_AndADisposedOneMakesRoom()
    {
        var watchers = Enumerable.Range(0, LookupWatch.MaxWatchers).Select(_ => _watch.TryWatch(_ => true)).ToList();

        Assert.All(watchers, Assert.NotNull);
        Assert.Null(_watch.TryWatch(_ => true));
        watchers[0]!.Dispose();
        using var another = _watch.TryWatch(_ => true);
        Assert.NotNull(another);
        foreach (var watcher in watchers.Skip(1))
        {
            watcher!.Dispose();
        }
    }

    [Fact]
    public void NobodyWatching_NothingIsKept()
    {
        var watcher = _watch.TryWatch(_ => true)!;
        watcher.Dispose();

        Report("4001");

        Assert.False(_watch.Watched);
        Assert.False(watcher.Events.TryRead(out _));
    }
}
