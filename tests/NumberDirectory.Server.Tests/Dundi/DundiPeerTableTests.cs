using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Peers;
using NumberDirectory.Server.Dundi;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>
/// A peer coming back takes with it the negative knowledge learned while it was away; a peer added,
/// replaced or removed at runtime is seen by the next reader, with what was learned without it or
/// from it forgotten.
/// </summary>
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

    private DundiPeer Runtime(NodeId id, string host, params string[] include) =>
        DundiPeer.FromOptions(new DundiPeerOptions { Id = id.ToString(), Host = host, Model = "outbound", Include = [.. include] }, DundiPeerSource.Runtime, _time);

    private void Found(string context, string digits, NodeId by) =>
        Assert.True(_cache.Store(new CacheKey(context, digits), LookupResult.Found([new RouteAnswer("sip:" + digits + "@pbx.example.net", 0, NumberDirectory.Core.Routes.RouteFlags.Exists, by, TimeSpan.FromMinutes(5))])));

    [Fact]
    public void TryAdd_NewPeer_AskedFromTheNextRead_AndNotFoundsInItsContextsForgotten()
    {
        NotFound("e164", "4001");
        NotFound("other", "4002");
        var before = _table.All;

        Assert.True(_table.TryAdd(Runtime(C, "127.0.0.1", "e164")));

        Assert.Contains(C, _table.OutboundPeers("e164").Select(p => p.Id));
        Assert.True(_table.IsPeerAddress(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.DoesNotContain(before, p => p.Id == C);
        Assert.False(_cache.TryGet(new CacheKey("e164", "4001"), out _));
        Assert.True(_cache.TryGet(new CacheKey("other", "4002"), out _));
        Assert.False(_table.TryAdd(Runtime(C, "127.0.0.2", "e164")));
    }

    [Fact]
    public void TryRestore_StoredPeerAtStart_ForgetsNothing()
    {
        NotFound("e164", "4001");

        Assert.True(_table.TryRestore(Runtime(C, "127.0.0.1", "e164")));

        Assert.True(_cache.TryGet(new CacheKey("e164", "4001"), out _));
    }

    [Fact]
    public void TryReplace_SameAddress_CarriesOnItsStateAndInFlightCounts_ForgetsItsAnswers()
    {
        Assert.True(_table.TryAdd(Runtime(C, "127.0.0.1", "e164")));
        var old = Peer(C);
        _table.SetReachability(old, PeerReachability.Reachable);
        old.Observe(TimeSpan.FromMilliseconds(4));
        Assert.True(old.TryBeginQuery(1));
        Found("e164", "4001", C);
        Found("e164", "4002", B);
        _hints.Add(C, "e164", "40", TimeSpan.FromSeconds(30));

        Assert.True(_table.TryReplace(Runtime(C, "127.0.0.1", "e164", "private"), out var previous));

        var now = Peer(C);
        Assert.Same(old, previous);
        Assert.NotSame(old, now);
        Assert.Equal((PeerReachability.Reachable, TimeSpan.FromMilliseconds(4)), (now.Reachability, now.RoundTrip));
        Assert.Equal(_time.GetUtcNow(), now.LastSeen);
        Assert.False(now.TryBeginQuery(1));
        old.EndQuery();
        Assert.Equal(0, now.QueriesOut);
        Assert.False(_cache.TryGet(new CacheKey("e164", "4001"), out _));
        Assert.True(_cache.TryGet(new CacheKey("e164", "4002"), out _));
        Assert.False(_hints.Covers(C, "e164", "4001", out _));
        Assert.Contains(C, _table.OutboundPeers("private").Select(p => p.Id));
    }

    [Fact]
    public void TryReplace_MovedToAnotherAddress_StartsUnknown()
    {
        Assert.True(_table.TryAdd(Runtime(C, "127.0.0.1", "e164")));
        _table.SetReachability(Peer(C), PeerReachability.Unreachable);

        Assert.True(_table.TryReplace(Runtime(C, "127.0.0.2", "e164"), out _));

        Assert.Equal((PeerReachability.Unknown, null), (Peer(C).Reachability, Peer(C).RoundTrip));
        Assert.True(_table.IsPeerAddress(IPAddress.Parse("127.0.0.2")));
    }

    [Fact]
    public void TryRemove_GoneForTheNextRead_WithItsAnswers_AndAgainIsFalse()
    {
        Assert.True(_table.TryAdd(Runtime(C, "127.0.0.3", "private")));
        Found("private", "4001", C);
        var changes = 0;
        _table.Changed += () => changes++;

        Assert.True(_table.TryRemove(C, out var removed));

        Assert.Equal(C, removed.Id);
        Assert.False(_table.TryGet(C, out _));
        Assert.Empty(_table.OutboundPeers("private"));
        Assert.False(_table.Serves("private"));
        Assert.False(_table.IsPeerAddress(IPAddress.Parse("127.0.0.3")));
        Assert.False(_cache.TryGet(new CacheKey("private", "4001"), out _));
        Assert.False(_table.TryRemove(C, out _));
        Assert.Equal(1, changes);
    }
}
