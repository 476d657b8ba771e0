using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Peers;
using NumberDirectory.Server.Dundi;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>A peer coming back takes with it the negative knowledge learned while it was away.</summary>
public sealed class DundiPeerTableTests
{
    private static readonly NodeId B = NodeId.Parse("00:00:5e:00:53:0b");
    private static readonly NodeId C = NodeId.Parse("00:00:5e:00:53:0c");
    private static readonly NodeId D = NodeId.Parse("00:00:5e:00:53:0d");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly LookupCache _cache;
    private readonly PeerHintTable _hints;
    private readonly DundiPeerTable _table;

    public DundiPeerTableTests()
    {
        _cache = new LookupCache(_time, new CacheOptions());
        _hints = new PeerHintTable(_time);
        var options = new DundiOptions
        {
            Peers =
            [
                new DundiPeerOptions { Id = B.ToString(), Host = "127.0.0.1", Model = "outbound", Include = ["e164"] },
                new DundiPeerOptions { Id = D.ToString(), Host = "dynamic", Model = "outbound", Include = ["e164"] },
            ],
        };
        _table = new DundiPeerTable(Options.Create(options), _time, _cache, _hints);
    }

    private DundiPeer Peer(NodeId id) => _table.All.Single(p => p.Id == id);

    private void NotFound(string context, string digits) =>
        Assert.True(_cache.Store(new CacheKey(context, digits), LookupResult.NotFound(TimeSpan.FromSeconds(30))));

    [Fact]
    public void SetReachability_PeerBackFromUnreachable_ForgetsTheNegativesAndHintsLearnedSinceItLeft()
    {
        NotFound("e164", "4001");
        _hints.Add(C, "e164", "40", TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(1));
        _table.SetReachability(Peer(B), PeerReachability.Unreachable);
        _time.Advance(TimeSpan.FromSeconds(1));
        NotFound("e164", "4002");
        NotFound("other", "4003");
        _hints.Add(C, "e164", "41", TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(1));
        _table.SetReachability(Peer(B), PeerReachability.Unreachable);

        _table.SetReachability(Peer(B), PeerReachability.Reachable);

        Assert.True(_cache.TryGet(new CacheKey("e164", "4001"), out _));
        Assert.False(_cache.TryGet(new CacheKey("e164", "4002"), out _));
        Assert.True(_cache.TryGet(new CacheKey("other", "4003"), out _));
        Assert.True(_hints.Covers(C, "e164", "4001", out _));
        Assert.False(_hints.Covers(C, "e164", "4101", out _));
    }

    [Fact]
    public void SetReachability_ReachableAgainWithoutHavingBeenAway_ForgetsNothing()
    {
        _table.SetReachability(Peer(B), PeerReachability.Reachable);
        NotFound("e164", "4002");

        _table.SetReachability(Peer(B), PeerReachability.Reachable);

        Assert.True(_cache.TryGet(new CacheKey("e164", "4002"), out _));
    }

    [Fact]
    public void Register_DynamicPeerRegistersAgainAfterItsRegistrationLapsed_ForgetsWhatWasLearnedMeanwhile()
    {
        var address = new IPEndPoint(IPAddress.Loopback, 4520);
        var returned = 0;
        _table.PeerReturned += (_, _) => returned++;
        _table.Register(Peer(D), address, _time.GetUtcNow() + TimeSpan.FromSeconds(70));
        NotFound("e164", "4001");
        _time.Advance(TimeSpan.FromSeconds(71));
        NotFound("e164", "4002");

        _table.Register(Peer(D), address, _time.GetUtcNow() + TimeSpan.FromSeconds(70));
        _table.Register(Peer(D), address, _time.GetUtcNow() + TimeSpan.FromSeconds(70));

        Assert.Equal(2, returned);
        Assert.True(_cache.TryGet(new CacheKey("e164", "4001"), out _));
        Assert.False(_cache.TryGet(new CacheKey("e164", "4002"), out _));
    }
}
