using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Peers;

namespace NumberDirectory.Core.Tests.Peers;

public class PeerHintTableTests
{
    private static readonly NodeId B = NodeId.Parse("00:00:5e:00:53:0b");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Add_FullOfLiveHints_KeepsNoMoreUntilSomeExpire()
    {
        var hints = new PeerHintTable(_time, maxHints: 4);
        for (var i = 0; i < 10; i++)
        {
            hints.Add(B, "e164", i.ToString(System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(30));
        }

        Assert.Equal(4, hints.Count);
        Assert.True(hints.Covers(B, "e164", "3001", out _));
        Assert.False(hints.Covers(B, "e164", "9001", out _));

        _time.Advance(TimeSpan.FromSeconds(31));
        hints.Add(B, "e164", "9", TimeSpan.FromSeconds(30));

        Assert.Equal(1, hints.Count);
        Assert.True(hints.Covers(B, "e164", "9001", out _));
    }

    [Fact]
    public void Add_WithRoomLeft_ExpiredHintsAreStillDroppedEvery30Seconds()
    {
        var hints = new PeerHintTable(_time, maxHints: 100_000);
        for (var i = 0; i < 1000; i++)
        {
            hints.Add(B, "e164", i.ToString(System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(10));
        }

        _time.Advance(TimeSpan.FromSeconds(31));
        hints.Add(B, "e164", "9", TimeSpan.FromSeconds(10));

        Assert.Equal(1, hints.Count);
    }

    [Fact]
    public void Add_FullButTheSameHintAgain_IsRenewed()
    {
        var hints = new PeerHintTable(_time, maxHints: 1);
        hints.Add(B, "e164", "4", TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(20));

        hints.Add(B, "e164", "4", TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.True(hints.Covers(B, "e164", "4001", out _));
    }
}
