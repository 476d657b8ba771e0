using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Core.Handlers;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Peers;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.Handlers;

public class FanOutHandlerTests
{
    private static readonly NodeId A = NodeId.Parse("00:00:5e:00:53:0a");
    private static readonly NodeId B = NodeId.Parse("00:00:5e:00:53:0b");
    private static readonly NodeId C = NodeId.Parse("00:00:5e:00:53:0c");
    private static readonly NodeId D = NodeId.Parse("00:00:5e:00:53:0d");
    private static readonly NodeId X = NodeId.Parse("00:00:5e:00:53:99");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly FakePeers _peers = new();
    private readonly FakeClient _client = new();
    private readonly PeerHintTable _hints;
    private readonly FanOutHandler _handler;

    public FanOutHandlerTests()
    {
        _hints = new PeerHintTable(_time);
        _handler = new FanOutHandler(A, _peers, _client, _hints, _time, FanOutOptions.Default);
    }

    private LookupRequest Request(string number = "5001", int hops = 32, params NodeId[] path) =>
        new(DialNumber.Parse(number), "e164", hops, [.. path], _time.GetUtcNow() + TimeSpan.FromSeconds(1));

    private static PeerAnswer Routes(NodeId by, params (string Uri, ushort Weight)[] routes) =>
        new(PeerAnswerStatus.Answered, [.. routes.Select(r => new RouteAnswer(r.Uri, r.Weight, RouteFlags.Exists, by, TimeSpan.FromSeconds(300)))], TimeSpan.FromSeconds(300));

    private static PeerAnswer Nothing(string prefix) =>
        new(PeerAnswerStatus.Answered, [], TimeSpan.FromSeconds(300)) { Hint = new LookupHint(LookupHintKind.DontAsk | LookupHintKind.Unaffected, prefix) };

    private static readonly StubNext NotFoundNext = new(LookupResult.NotFound(TimeSpan.FromSeconds(30)));

    [Fact]
    public async Task LookupAsync_FrontDoorRequest_AsksTheTierInParallelEachWithTheOthersOnItsPath()
    {
        _peers.Add(new PeerInfo(B, 0), new PeerInfo(C, 0));
        _client.Answer(B, Routes(B, ("iax2:pbx-b.example.net/5001", 10)));
        _client.Answer(C, Routes(C, ("sip:5001@pbx-c.example.net", 0)));

        var result = await _handler.LookupAsync(Request(), NotFoundNext.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.Found, result.Status);
        Assert.Equal(["sip:5001@pbx-c.example.net", "iax2:pbx-b.example.net/5001"], result.Routes.Select(r => r.Uri));
        Assert.False(result.Partial);
        Assert.Equal(new[] { A, C, A }, _client.Sent[B].Path.ToArray());
        Assert.Equal(new[] { A, B, A }, _client.Sent[C].Path.ToArray());
        Assert.Equal(31, _client.Sent[B].Ttl);
    }

    [Fact]
    public async Task LookupAsync_SinglePeerFromFrontDoor_SendsOnlyOurOwnEid()
    {
        _peers.Add(new PeerInfo(B, 0));
        _client.Answer(B, Routes(B, ("iax2:pbx-b.example.net/5001", 10)));

        await _handler.LookupAsync(Request(), NotFoundNext.Invoke, CancellationToken.None);

        Assert.Equal(new[] { A }, _client.Sent[B].Path.ToArray());
    }

    [Fact]
    public async Task LookupAsync_ForwardedRequest_PutsUsFirstAndKeepsTheRootLast()
    {
        _peers.Add(new PeerInfo(C, 0));
        _client.Answer(C, Routes(C, ("iax2:pbx-c.example.net/5001", 0)));

        await _handler.LookupAsync(Request(hops: 5, path: [X]), NotFoundNext.Invoke, CancellationToken.None);

        Assert.Equal(new[] { A, X }, _client.Sent[C].Path.ToArray());
        Assert.Equal(4, _client.Sent[C].Ttl);
    }

    [Fact]
    public async Task LookupAsync_IneligiblePeers_AreSkippedWithTheReasonInTheTrace()
    {
        _hints.Add(D, "e164", "50", TimeSpan.FromSeconds(30));
        _peers.Add(
            new PeerInfo(X, 0),
            new PeerInfo(B, 0) { Reachability = PeerReachability.Unreachable },
            new PeerInfo(C, 0) { Reachability = PeerReachability.Lagged },
            new PeerInfo(D, 0),
            new PeerInfo(NodeId.Parse("00:00:5e:00:53:0e"), 0) { HasAddress = false });
        var next = new StubNext(LookupResult.NotFound(TimeSpan.FromSeconds(30)));

        var result = await _handler.LookupAsync(Request(path: [X]), next.Invoke, CancellationToken.None);

        Assert.Empty(_client.Sent);
        Assert.True(next.Ran);
        Assert.Equal(LookupStatus.Failed, result.Status);
        var trace = string.Join('\n', result.Trace.Select(t => t.Message));
        Assert.Contains("already on the request's path", trace, StringComparison.Ordinal);
        Assert.Contains("unreachable", trace, StringComparison.Ordinal);
        Assert.Contains("lagged", trace, StringComparison.Ordinal);
        Assert.Contains("said not to ask about '50'", trace, StringComparison.Ordinal);
        Assert.Contains("not registered", trace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookupAsync_NoPeersAtAll_NotFoundIsCompleteAndPathIndependent()
    {
        var result = await _handler.LookupAsync(Request(), NotFoundNext.Invoke, CancellationToken.None);

        var hint = Assert.Single(result.Hints);
        Assert.Equal((LookupHintKind.DontAsk | LookupHintKind.Unaffected, string.Empty), (hint.Kind, hint.Prefix));
    }

    [Fact]
    public async Task LookupAsync_EveryPeerOnThePathOrHinted_NotFoundIsCompleteButDependsOnThePath()
    {
        _hints.Add(C, "e164", "50", TimeSpan.FromSeconds(30));
        _peers.Add(new PeerInfo(X, 0), new PeerInfo(C, 0));

        var result = await _handler.LookupAsync(Request(path: [X]), NotFoundNext.Invoke, CancellationToken.None);

        var hint = Assert.Single(result.Hints);
        Assert.Equal((LookupHintKind.DontAsk, "50"), (hint.Kind, hint.Prefix));
    }

    [Theory]
    [InlineData(PeerReachability.Unreachable, true, "unreachable (qualify)")]
    [InlineData(PeerReachability.Lagged, true, "lagged (qualify)")]
    [InlineData(PeerReachability.Unknown, false, "dynamic peer not registered")]
    public async Task LookupAsync_TheOnlyPeerThatCouldKnowIsDown_FailedAtOnceNeverNotFound(PeerReachability state, bool hasAddress, string reason)
    {
        _peers.Add(new PeerInfo(B, 0) { Reachability = state, HasAddress = hasAddress });

        var pending = _handler.LookupAsync(Request(), NotFoundNext.Invoke, CancellationToken.None);

        // Answered without waiting for anything: no time passes on the fake clock.
        Assert.True(pending.IsCompleted);
        var result = await pending;
        Assert.Equal(LookupStatus.Failed, result.Status);
        Assert.True(result.Partial);
        Assert.Empty(result.Hints);
        Assert.Empty(_client.Sent);
        Assert.Equal($"no complete answer: {B} could not be asked ({reason})", result.Trace[^1].Message);
    }

    [Fact]
    public async Task LookupAsync_OnePeerSaysNothingAnotherOfTheTierIsDown_FailedNotNotFound()
    {
        _peers.Add(new PeerInfo(B, 0), new PeerInfo(C, 0) { Reachability = PeerReachability.Unreachable });
        _client.Answer(B, Nothing("5"));

        var result = await _handler.LookupAsync(Request(), NotFoundNext.Invoke, CancellationToken.None);

        Assert.Equal([B], _client.Sent.Keys);
        Assert.Equal(LookupStatus.Failed, result.Status);
        Assert.True(result.Partial);
        Assert.Empty(result.Hints);
    }

    [Fact]
    public async Task LookupAsync_PrimaryDownSecondarySaysNothing_FailedNotNotFound()
    {
        _peers.Add(new PeerInfo(B, 0) { Reachability = PeerReachability.Unreachable }, new PeerInfo(C, 1));
        _client.Answer(C, Nothing("5"));

        var result = await _handler.LookupAsync(Request(), NotFoundNext.Invoke, CancellationToken.None);

        Assert.Equal([C], _client.Sent.Keys);
        Assert.Equal(LookupStatus.Failed, result.Status);
    }

    [Fact]
    public async Task LookupAsync_PrimarySaysNothingAWorseTierIsDown_NotFoundIsComplete()
    {
        // The tertiary would not have been asked had it been up: the primary's word is the answer.
        _peers.Add(new PeerInfo(B, 0), new PeerInfo(C, 2) { Reachability = PeerReachability.Unreachable });
        _client.Answer(B, Nothing("5"));

        var result = await _handler.LookupAsync(Request(), NotFoundNext.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.NotFound, result.Status);
        Assert.False(result.Partial);
    }

    [Fact]
    public async Task LookupAsync_OnePeerFoundItAnotherOfTheTierIsDown_FoundPartialWithAShortTtl()
    {
        _peers.Add(new PeerInfo(B, 0), new PeerInfo(C, 0) { Reachability = PeerReachability.Lagged });
        _client.Answer(B, Routes(B, ("iax2:pbx-b.example.net/5001", 10)));

        var result = await _handler.LookupAsync(Request(), NotFoundNext.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.Found, result.Status);
        Assert.True(result.Partial);
        Assert.Equal(TimeSpan.FromSeconds(30), result.Ttl);
    }

    [Fact]
    public async Task LookupAsync_ThePeerClientGivesUpAtTheDeadline_FailedIsPartialLikeASilentPeer()
    {
        // The client's own timer and the fan-out's deadline race; either way the deadline cut it short.
        _peers.Add(new PeerInfo(B, 0));
        _client.Answer(B, PeerAnswer.TimedOut("no answer within 1000 ms"));

        var result = await _handler.LookupAsync(Request(), NotFoundNext.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.Failed, result.Status);
        Assert.True(result.Partial);
    }

    [Fact]
    public async Task LookupAsync_SeveralTiers_AsksOnlyTheBestTierWithAnEligiblePeer()
    {
        _peers.Add(new PeerInfo(B, 0) { Reachability = PeerReachability.Unreachable }, new PeerInfo(C, 1), new PeerInfo(D, 2));
        _client.Answer(C, Routes(C, ("iax2:pbx-c.example.net/5001", 0)));

        await _handler.LookupAsync(Request(), NotFoundNext.Invoke, CancellationToken.None);

        Assert.Equal([C], _client.Sent.Keys);
    }

    [Fact]
    public async Task LookupAsync_EveryPeerSaysDontAsk_AnswersNotFoundWithTheLongestPrefixAndRemembersIt()
    {
        _peers.Add(new PeerInfo(B, 0), new PeerInfo(C, 0));
        _client.Answer(B, Nothing("5"));
        _client.Answer(C, Nothing("50"));

        var result = await _handler.LookupAsync(Request("5001"), NotFoundNext.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.NotFound, result.Status);
        var hint = Assert.Single(result.Hints);
        Assert.Equal(LookupHintKind.DontAsk | LookupHintKind.Unaffected, hint.Kind);
        Assert.Equal("50", hint.Prefix);
        Assert.Equal(TimeSpan.FromSeconds(30), result.Ttl);

        _client.Sent.Clear();
        await _handler.LookupAsync(Request("5002"), NotFoundNext.Invoke, CancellationToken.None);
        Assert.Empty(_client.Sent);

        _time.Advance(TimeSpan.FromSeconds(31));
        await _handler.LookupAsync(Request("5003"), NotFoundNext.Invoke, CancellationToken.None);
        Assert.Equal(2, _client.Sent.Count);
    }

    [Fact]
    public async Task LookupAsync_APeerSilentPastTheDeadline_AnswersWhatArrivedAsPartialAndCancelsIt()
    {
        _peers.Add(new PeerInfo(B, 0), new PeerInfo(C, 0));
        _client.Answer(B, Routes(B, ("iax2:pbx-b.example.net/5001", 10)));
        _client.Silent(C);

        var pending = _handler.LookupAsync(Request(), NotFoundNext.Invoke, CancellationToken.None).AsTask();
        Assert.False(pending.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await pending;

        Assert.Equal(LookupStatus.Found, result.Status);
        Assert.True(result.Partial);
        Assert.Equal(TimeSpan.FromSeconds(30), result.Ttl);
        Assert.Single(result.Routes);
        Assert.True(_client.Cancelled.ContainsKey(C));
        Assert.Contains(result.Trace, t => t.Message.Contains("had not answered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LookupAsync_EveryPeerFails_AnswersFailedNeverNotFound()
    {
        _peers.Add(new PeerInfo(B, 0), new PeerInfo(C, 0));
        _client.Answer(B, PeerAnswer.Failed("timeout after 5 sends"));
        _client.Answer(C, new PeerAnswer(PeerAnswerStatus.Refused, [], TimeSpan.Zero) { Reason = "NOAUTH" });

        var result = await _handler.LookupAsync(Request(), NotFoundNext.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.Failed, result.Status);
        Assert.False(result.Partial);
    }

    [Fact]
    public async Task LookupAsync_TheOnlyPeerAnswersWithNothingUsable_FailedNeverNotFound()
    {
        _peers.Add(new PeerInfo(B, 0));
        _client.Answer(B, Nothing("5") with { Unusable = ["DUNDi Sip dest '5001@pbx-b.example.net;transport=carrier-pigeon' is not usable"] });
        var next = new StubNext(LookupResult.NotFound(TimeSpan.FromSeconds(30)));

        var result = await _handler.LookupAsync(Request(), next.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.Failed, result.Status);
        Assert.Empty(result.Hints);

        // Upstream ENUM may still know a number the mesh failed on; its "not found" keeps the failure.
        Assert.True(next.Ran);
        Assert.False(_hints.Covers(B, "e164", "5001", out _));
        Assert.Contains(result.Trace, t => t.Message.Contains("0 route(s) and 1 it could not use: DUNDi Sip dest", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LookupAsync_APeerSendsOneUsableAnswerAndOneNot_FoundPartialWithAShortTtl()
    {
        _peers.Add(new PeerInfo(B, 0), new PeerInfo(C, 0));
        _client.Answer(B, Routes(B, ("sip:5001@pbx-b.example.net;transport=wss", 10)) with { Unusable = ["DUNDi Sip dest '5001@pbx b' is not usable"] });
        _client.Answer(C, Nothing("5"));

        var result = await _handler.LookupAsync(Request(), NotFoundNext.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.Found, result.Status);
        Assert.Equal(["sip:5001@pbx-b.example.net;transport=wss"], result.Routes.Select(r => r.Uri));
        Assert.True(result.Partial);
        Assert.Equal(TimeSpan.FromSeconds(30), result.Ttl);
    }

    [Fact]
    public async Task LookupAsync_SomeSayNothingOthersSilent_AnswersFailedPartial()
    {
        _peers.Add(new PeerInfo(B, 0), new PeerInfo(C, 0));
        _client.Answer(B, Nothing("5"));
        _client.Silent(C);

        var pending = _handler.LookupAsync(Request(), NotFoundNext.Invoke, CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await pending;

        Assert.Equal(LookupStatus.Failed, result.Status);
        Assert.True(result.Partial);
        Assert.Empty(result.Hints);
    }

    [Theory]
    [InlineData(false, LookupStatus.NotFound)]
    [InlineData(true, LookupStatus.Found)]
    public async Task LookupAsync_PeerAnswersOnlyCanMatch_CountsOnlyForPartialMatchRequests(bool includePartial, LookupStatus expected)
    {
        _peers.Add(new PeerInfo(B, 0));
        _client.Answer(B, new PeerAnswer(PeerAnswerStatus.Answered, [new RouteAnswer("iax2:pbx-b.example.net/50", 0, RouteFlags.CanMatch | RouteFlags.MatchMore, B, TimeSpan.FromSeconds(60))], TimeSpan.FromSeconds(60)));

        var result = await _handler.LookupAsync(Request("50") with { IncludePartialMatches = includePartial }, NotFoundNext.Invoke, CancellationToken.None);

        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public async Task LookupAsync_EveryPeerSaysNoAndUpstreamFinds_UpstreamsRoutes()
    {
        _peers.Add(new PeerInfo(B, 0));
        _client.Answer(B, Nothing("5"));
        var upstream = new StubNext(LookupResult.Found([new RouteAnswer("sip:5001@pbx.example.org", 10, RouteFlags.Exists, A, TimeSpan.FromSeconds(600))]));

        var result = await _handler.LookupAsync(Request(), upstream.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.Found, result.Status);
        Assert.False(result.Partial);
        Assert.Equal("sip:5001@pbx.example.org", Assert.Single(result.Routes).Uri);
    }

    [Fact]
    public async Task LookupAsync_PeerFailsAndUpstreamFinds_FoundButPartial()
    {
        _peers.Add(new PeerInfo(B, 0) { Reachability = PeerReachability.Unreachable }, new PeerInfo(C, 0));
        _client.Answer(C, PeerAnswer.Failed("refused"));
        var upstream = new StubNext(LookupResult.Found([new RouteAnswer("sip:5001@pbx.example.org", 10, RouteFlags.Exists, A, TimeSpan.FromSeconds(600))]));

        var result = await _handler.LookupAsync(Request(), upstream.Invoke, CancellationToken.None);

        Assert.True(upstream.Ran);
        Assert.Equal(LookupStatus.Found, result.Status);
        Assert.True(result.Partial);
        Assert.Equal(TimeSpan.FromSeconds(30), result.Ttl);
    }

    [Fact]
    public async Task LookupAsync_PeerFailsAndUpstreamHasNothing_Failed()
    {
        _peers.Add(new PeerInfo(C, 0));
        _client.Answer(C, PeerAnswer.Failed("refused"));

        var result = await _handler.LookupAsync(Request(), NotFoundNext.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.Failed, result.Status);
    }

    [Fact]
    public async Task LookupAsync_EveryPeerSaysNoAndUpstreamFails_Failed()
    {
        _peers.Add(new PeerInfo(B, 0));
        _client.Answer(B, Nothing("5"));
        var upstream = new StubNext(LookupResult.Failed("upstream-enum", "SERVFAIL") with { Partial = true });

        var result = await _handler.LookupAsync(Request(), upstream.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.Failed, result.Status);
        Assert.Empty(result.Hints);
        Assert.Contains(result.Trace, t => t.Source == "upstream-enum");
    }

    [Fact]
    public async Task LookupAsync_EveryPeerAndUpstreamSayNo_NotFoundWithTheShorterTtlAndBothTraces()
    {
        _peers.Add(new PeerInfo(B, 0));
        _client.Answer(B, Nothing("5"));
        var upstream = new StubNext(LookupResult.NotFound(TimeSpan.FromSeconds(5)).WithTrace("upstream-enum", "nothing") with { WithoutUpstream = true });

        var result = await _handler.LookupAsync(Request(), upstream.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.NotFound, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(5), result.Ttl);
        Assert.True(result.WithoutUpstream);
        Assert.Contains(result.Trace, t => t.Source == "fan-out");
        Assert.Contains(result.Trace, t => t.Source == "upstream-enum");
    }

    [Fact]
    public async Task LookupAsync_LocalOnly_AsksNobody()
    {
        _peers.Add(new PeerInfo(B, 0));
        var next = new StubNext(LookupResult.NotFound(TimeSpan.Zero));

        await _handler.LookupAsync(Request() with { LocalOnly = true }, next.Invoke, CancellationToken.None);

        Assert.Empty(_client.Sent);
        Assert.True(next.Ran);
    }

    [Fact]
    public async Task LookupAsync_CacheBypass_IsPassedToPeers()
    {
        _peers.Add(new PeerInfo(B, 0));
        _client.Answer(B, Nothing("5"));

        await _handler.LookupAsync(Request() with { BypassCache = true }, NotFoundNext.Invoke, CancellationToken.None);

        Assert.True(_client.Sent[B].BypassCache);
    }

    private sealed class FakePeers : IPeerDirectory
    {
        private readonly List<PeerInfo> _peers = [];

        public void Add(params PeerInfo[] peers) => _peers.AddRange(peers);

        public IReadOnlyList<PeerInfo> OutboundPeers(string context) => _peers;
    }

    private sealed class FakeClient : IPeerClient
    {
        private readonly Dictionary<NodeId, PeerAnswer?> _answers = [];

        public ConcurrentDictionary<NodeId, PeerQuery> Sent { get; } = new();

        public ConcurrentDictionary<NodeId, bool> Cancelled { get; } = new();

        public void Answer(NodeId peer, PeerAnswer answer) => _answers[peer] = answer;

        public void Silent(NodeId peer) => _answers[peer] = null;

        public async ValueTask<PeerAnswer> QueryAsync(PeerInfo peer, PeerQuery query, DateTimeOffset deadline, CancellationToken cancellationToken)
        {
            Sent[peer.Id] = query;
            if (_answers[peer.Id] is { } answer)
            {
                return answer;
            }

            var gone = new TaskCompletionSource();
            await using (cancellationToken.Register(() =>
            {
                Cancelled[peer.Id] = true;
                gone.TrySetResult();
            }))
            {
                await gone.Task;
            }

            return PeerAnswer.Failed("cancelled");
        }
    }
}
