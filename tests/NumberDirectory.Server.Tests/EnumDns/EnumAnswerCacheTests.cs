using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Server.EnumDns;

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>The ENUM door's kept answers: what stays once they expire, under traffic of names that are never asked again.</summary>
public sealed class EnumAnswerCacheTests
{
    private static readonly byte[] Answer = new byte[120];

    [Fact]
    public void Store_AfterEarlierAnswersExpired_DropsThemInsteadOfGrowingToTheCap()
    {
        var time = new FakeTimeProvider();
        var cache = new EnumAnswerCache(time);

        // Three minutes of distinct names, 50 a second, each answer reusable for 30 s: never more
        // than 1,500 are live at once, and a sweep every 30 s leaves at most a minute's worth.
        for (var second = 0; second < 180; second++)
        {
            for (var i = 0; i < 50; i++)
            {
                cache.Store(Key(second, i), Answer, EnumAnswerCache.MaxReuse, cache.Generation);
            }

            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.InRange(cache.Count, 1, (60 * 50) + 50);
    }

    [Fact]
    public void Store_Sweep_DropsExpiredAnswersOnly()
    {
        var time = new FakeTimeProvider();
        var cache = new EnumAnswerCache(time);
        cache.Store(Key(0, 0), Answer, TimeSpan.FromSeconds(20), cache.Generation);
        time.Advance(EnumAnswerCache.MaxReuse + TimeSpan.FromSeconds(1));
        cache.Store(Key(1, 0), Answer, EnumAnswerCache.MaxReuse, cache.Generation);
        time.Advance(TimeSpan.FromSeconds(10));

        cache.Store(Key(2, 0), Answer, EnumAnswerCache.MaxReuse, cache.Generation);

        // The first expired and went with the sweep; the second is still within its 30 s.
        Assert.Equal(2, cache.Count);
    }

    // The key's shape (type NAPTR, class IN, EDNS, a 1232-byte limit, then the name); each (second, i) its own name.
    private static string Key(int second, int i) => $"\u0023\u0001\u0001\u04d0{i % 10}.{i / 10}.{second % 10}.{second / 10 % 10}.{second / 100}.5.5.5.1.e164.example.net";
}
