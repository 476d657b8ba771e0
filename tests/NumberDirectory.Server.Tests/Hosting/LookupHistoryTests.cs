using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Hosting;

/// <summary>The status page's history: the last N lookups and the counts per interval, both bounded.</summary>
public sealed class LookupHistoryTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));

    private static LookupHistory History(int recent = 3, bool on = true) =>
        new(Options.Create(new HttpOptions { StatusPage = on, StatusPageRecentLookups = recent }));

    private LookupSeen Seen(string number, LookupStatus status = LookupStatus.Found) =>
        new(_time.GetUtcNow(), "http", "127.0.0.1", number, "e164", status, false, TimeSpan.FromMilliseconds(1), 1, ImmutableArray<Core.Numbers.NodeId>.Empty, null);

    [Fact]
    public void Recent_MoreThanItKeeps_TheNewestFirstAndNoMore()
    {
        var history = History(recent: 3);

        foreach (var number in new[] { "4001", "4002", "4003", "4004", "4005" })
        {
            history.Add(Seen(number));
        }

        Assert.Equal(["4005", "4004", "4003"], history.Recent().Select(s => s.Number));
    }

    [Fact]
    public void Recent_None_KeepsNothingButStillCounts()
    {
        var history = History(recent: 0);

        history.Add(Seen("4001", LookupStatus.Failed));

        Assert.Empty(history.Recent());
        Assert.Equal((1, 1), history.Activity(_time.GetUtcNow()).Select(i => (i.Lookups, i.Failed)).Last());
    }

    [Fact]
    public void Activity_CountsPerIntervalAndForgetsWhatLeftTheWindow()
    {
        var history = History();
        history.Add(Seen("4001"));
        history.Add(Seen("4002", LookupStatus.NotFound));
        _time.Advance(LookupHistory.Interval);
        history.Add(Seen("4003", LookupStatus.Loop));

        var now = history.Activity(_time.GetUtcNow());
        _time.Advance(LookupHistory.Window);
        var later = history.Activity(_time.GetUtcNow());

        Assert.Equal((int)(LookupHistory.Window / LookupHistory.Interval), now.Count);
        Assert.Equal(new LookupInterval(_time.GetUtcNow() - LookupHistory.Window - LookupHistory.Interval, 2, 1, 0), now[^2]);
        Assert.Equal((1, 0, 1), (now[^1].Lookups, now[^1].NotFound, now[^1].Failed));
        Assert.All(later, i => Assert.Equal(0, i.Lookups));

        // The ring came round to the slot of the first interval: its old counts are gone, the new one alone counts.
        history.Add(Seen("4004"));
        Assert.Equal(1, history.Activity(_time.GetUtcNow()).Sum(i => i.Lookups));
    }

    [Fact]
    public void Off_NothingIsKept()
    {
        var history = History(on: false);

        Assert.False(history.Enabled);
        Assert.Empty(history.Recent());
    }
}
