using System.Collections.Immutable;
using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Core.Handlers;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Naptr;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.Handlers;

public class UpstreamEnumHandlerTests
{
    private const string First = "e164.example.org";
    private const string Second = "e164.example.com";
    private const string Name = "3.2.1.0.0.1.0.5.5.5.1." + First;
    private static readonly NodeId Self = NodeId.Parse("00:00:5e:00:53:0a");
    private static readonly NodeId Peer = NodeId.Parse("00:00:5e:00:53:0b");
    private static readonly TimeSpan Negative = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeResolver _first = new();
    private readonly FakeResolver _second = new();
    private readonly StubNext _notFound = new(LookupResult.NotFound(Negative));

    private UpstreamEnumHandler Handler(params string[] suffixes) => new(
        Self,
        _time,
        new UpstreamEnumOptions(
            [.. (suffixes.Length == 0 ? [First] : suffixes).Select(s => new UpstreamSuffix("e164", s, TimeSpan.FromMilliseconds(500), s == First ? _first : _second))],
            Negative,
            TimeSpan.FromHours(1))
        {
            // A loaded test machine must not turn a match into a timeout.
            MatchTimeout = TimeSpan.FromSeconds(10),
        });

    private LookupRequest Request(string number = "+15550100123") =>
        new(DialNumber.Parse(number), "e164", 32, [], _time.GetUtcNow() + TimeSpan.FromSeconds(1));

    private static NaptrAnswer Records(int ttl, params NaptrRecordData[] records) => new(NaptrAnswerKind.Records, [.. records], TimeSpan.FromSeconds(ttl));

    private static NaptrRecordData Sip(ushort order, ushort preference, string user) =>
        new(order, preference, "u", "E2U+sip", $"!^.*$!sip:{user}@pbx.example.org!", ".");

    private static NaptrAnswer Empty(NaptrAnswerKind kind, int ttl) => new(kind, [], TimeSpan.FromSeconds(ttl));

    [Fact]
    public async Task LookupAsync_NaptrRecords_RoutesByPreferenceWithTheirTtl()
    {
        _first.Answer(Name, Records(120, Sip(10, 20, "b"), Sip(10, 10, "a"), Sip(20, 1, "later")));

        var result = await Handler().LookupAsync(Request(), _notFound.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.Found, result.Status);
        Assert.Equal(["sip:a@pbx.example.org", "sip:b@pbx.example.org"], result.Routes.Select(r => r.Uri));
        Assert.Equal([10, 20], result.Routes.Select(r => (int)r.Weight));
        Assert.All(result.Routes, r => Assert.Equal(TimeSpan.FromSeconds(120), r.Ttl));
        Assert.All(result.Routes, r => Assert.Equal(RouteFlags.Exists, r.Flags));
        Assert.All(result.Routes, r => Assert.Equal(Self, r.AnsweredBy));
        Assert.False(result.Partial);
        Assert.False(_notFound.Ran);
        Assert.Equal([Name], _first.Asked);
        Assert.Contains(result.Trace, t => t.Source == "upstream-enum" && t.Message == $"asked {Name} (suffix {First}): 3 NAPTR record(s), TTL 120 s");
    }

    [Fact]
    public async Task LookupAsync_RecordTtlAboveTheCap_Capped()
    {
        _first.Answer(Name, Records(86_400, Sip(10, 10, "a")));

        var result = await Handler().LookupAsync(Request(), _notFound.Invoke, CancellationToken.None);

        Assert.Equal(TimeSpan.FromHours(1), Assert.Single(result.Routes).Ttl);
    }

    [Theory]
    [InlineData(NaptrAnswerKind.NameError, 600, 30)]
    [InlineData(NaptrAnswerKind.NoData, 10, 10)]
    [InlineData(NaptrAnswerKind.NameError, 0, 0)]
    public async Task LookupAsync_NxdomainOrNodata_NotFoundWithTheNegativeTtlCapped(NaptrAnswerKind kind, int ttl, int expected)
    {
        _first.Answer(Name, Empty(kind, ttl));

        var result = await Handler().LookupAsync(Request(), _notFound.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.NotFound, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(expected), result.Ttl);
        Assert.False(result.WithoutUpstream);
    }

    [Fact]
    public async Task LookupAsync_ServerFails_FailedNeverNotFound()
    {
        _first.Answer(Name, NaptrAnswer.Failed("SERVFAIL"));

        var result = await Handler().LookupAsync(Request(), _notFound.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.Failed, result.Status);
        Assert.True(result.Partial);
        Assert.Contains(result.Trace, t => t.Message == $"{First} could not answer: SERVFAIL");
    }

    [Fact]
    public async Task LookupAsync_SuffixesInOrder_TheFirstWithRecordsAnswers()
    {
        _first.Answer(Name, Empty(NaptrAnswerKind.NameError, 30));
        _second.Answer("3.2.1.0.0.1.0.5.5.5.1." + Second, Records(60, Sip(10, 10, "second")));

        var result = await Handler(First, Second).LookupAsync(Request(), _notFound.Invoke, CancellationToken.None);

        Assert.Equal(["sip:second@pbx.example.org"], result.Routes.Select(r => r.Uri));
        Assert.False(result.Partial);
    }

    [Fact]
    public async Task LookupAsync_FirstSuffixAnswers_TheSecondIsNotAsked()
    {
        _first.Answer(Name, Records(60, Sip(10, 10, "first")));

        await Handler(First, Second).LookupAsync(Request(), _notFound.Invoke, CancellationToken.None);

        Assert.Empty(_second.Asked);
    }

    [Fact]
    public async Task LookupAsync_FirstSuffixFailsSecondAnswers_FoundButPartial()
    {
        _first.Answer(Name, NaptrAnswer.Failed("timeout"));
        _second.Answer("3.2.1.0.0.1.0.5.5.5.1." + Second, Records(600, Sip(10, 10, "second")));

        var result = await Handler(First, Second).LookupAsync(Request(), _notFound.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.Found, result.Status);
        Assert.True(result.Partial);
        Assert.Equal(Negative, result.Ttl);
    }

    [Fact]
    public async Task LookupAsync_FirstSuffixFailsSecondHasNothing_Failed()
    {
        _first.Answer(Name, NaptrAnswer.Failed("timeout"));
        _second.Answer("3.2.1.0.0.1.0.5.5.5.1." + Second, Empty(NaptrAnswerKind.NameError, 30));

        var result = await Handler(First, Second).LookupAsync(Request(), _notFound.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.Failed, result.Status);
    }

    [Fact]
    public async Task LookupAsync_RecordsButNoneUsable_NotFoundWithTheReasons()
    {
        _first.Answer(Name, Records(300, new NaptrRecordData(10, 10, "u", "E2U+email:mailto", "!^.*$!mailto:x@example.org!", ".")));

        var result = await Handler().LookupAsync(Request(), _notFound.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.NotFound, result.Status);
        Assert.Equal(Negative, result.Ttl);
        Assert.Contains(result.Trace, t => t.Message.StartsWith("skipped NAPTR 10 10 \"u\" \"E2U+email:mailto\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LookupAsync_HugeAnswer_OnlyTheFirstRecordsByOrderAndPreferenceAreRead()
    {
        var flood = Enumerable.Range(0, 1000).Select(i => Sip(20, (ushort)i, $"flood{i}")).Append(Sip(10, 500, "best")).ToArray();
        _first.Answer(Name, Records(60, flood));

        var result = await Handler().LookupAsync(Request(), _notFound.Invoke, CancellationToken.None);

        Assert.Equal(["sip:best@pbx.example.org"], result.Routes.Select(r => r.Uri));
        Assert.Contains(result.Trace, t => t.Message == "read the first 32 of 1001 records, by order and preference");
    }

    [Fact]
    public async Task LookupAsync_NonTerminalRecord_FollowedWithItsPreference()
    {
        _first.Answer(Name, Records(300, new NaptrRecordData(10, 7, "", "E2U+sip", "", "number.carrier.example.org")));
        _first.Answer("number.carrier.example.org", Records(60, Sip(50, 50, "carrier")));

        var result = await Handler().LookupAsync(Request(), _notFound.Invoke, CancellationToken.None);

        var route = Assert.Single(result.Routes);
        Assert.Equal("sip:carrier@pbx.example.org", route.Uri);
        Assert.Equal(7, route.Weight);
        Assert.Equal(TimeSpan.FromSeconds(60), route.Ttl);
    }

    [Fact]
    public async Task LookupAsync_RingOfNonTerminalRecords_StopsAfterTheBound()
    {
        _first.Answer(Name, Records(300, new NaptrRecordData(10, 10, "", "", "", "a.example.org")));
        _first.Answer("a.example.org", Records(300, new NaptrRecordData(10, 10, "", "", "", "b.example.org")));
        _first.Answer("b.example.org", Records(300, new NaptrRecordData(10, 10, "", "", "", "a.example.org")));

        var result = await Handler().LookupAsync(Request(), _notFound.Invoke, CancellationToken.None);

        Assert.Equal([Name, "a.example.org", "b.example.org", "a.example.org"], _first.Asked);
        Assert.Equal(LookupStatus.Failed, result.Status);
        Assert.Contains(result.Trace, t => t.Message == "not followed: b.example.org, past 3 non-terminal records");
    }

    [Fact]
    public async Task LookupAsync_NonTerminalLeadsNowhere_NotFound()
    {
        _first.Answer(Name, Records(300, new NaptrRecordData(10, 10, "", "", "", "gone.example.org")));
        _first.Answer("gone.example.org", Empty(NaptrAnswerKind.NameError, 30));

        var result = await Handler().LookupAsync(Request(), _notFound.Invoke, CancellationToken.None);

        Assert.Equal(LookupStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task LookupAsync_RequestFromAPeer_NotAskedAndTheNotFoundSaysSo()
    {
        var result = await Handler().LookupAsync(Request() with { Path = [Peer] }, _notFound.Invoke, CancellationToken.None);

        Assert.Empty(_first.Asked);
        Assert.Equal(LookupStatus.NotFound, result.Status);
        Assert.True(result.WithoutUpstream);
        Assert.Contains(result.Trace, t => t.Message.StartsWith("not asked: the request came from a peer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LookupAsync_NoUpstream_NotAsked()
    {
        var result = await Handler().LookupAsync(Request() with { NoUpstream = true }, _notFound.Invoke, CancellationToken.None);

        Assert.Empty(_first.Asked);
        Assert.True(result.WithoutUpstream);
        Assert.True(_notFound.Ran);
    }

    [Fact]
    public async Task LookupAsync_LocalOnly_NotAskedAndNothingSaid()
    {
        var result = await Handler().LookupAsync(Request() with { LocalOnly = true }, _notFound.Invoke, CancellationToken.None);

        Assert.Empty(_first.Asked);
        Assert.False(result.WithoutUpstream);
        Assert.Empty(result.Trace);
    }

    [Fact]
    public async Task LookupAsync_AnotherContext_NotAsked()
    {
        var result = await Handler().LookupAsync(Request() with { Context = "internal" }, _notFound.Invoke, CancellationToken.None);

        Assert.Empty(_first.Asked);
        Assert.False(result.WithoutUpstream);
    }

    [Theory]
    [InlineData("*97")]
    [InlineData("1234567890123456")]
    public async Task LookupAsync_NumberWithoutAnEnumName_NotAsked(string number)
    {
        var result = await Handler().LookupAsync(Request(number), _notFound.Invoke, CancellationToken.None);

        Assert.Empty(_first.Asked);
        Assert.Equal(LookupStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task LookupAsync_DeadlinePassed_FailedWithoutAsking()
    {
        var request = Request();
        _time.Advance(TimeSpan.FromSeconds(2));

        var result = await Handler().LookupAsync(request, _notFound.Invoke, CancellationToken.None);

        Assert.Empty(_first.Asked);
        Assert.Equal(LookupStatus.Failed, result.Status);
    }

    [Fact]
    public async Task LookupAsync_QueryDeadline_TheSuffixTimeoutWithinTheRequestDeadline()
    {
        _first.Answer(Name, Empty(NaptrAnswerKind.NameError, 30));

        await Handler().LookupAsync(Request(), _notFound.Invoke, CancellationToken.None);

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMilliseconds(500), Assert.Single(_first.Deadlines));
    }

    private sealed class FakeResolver : INaptrResolver
    {
        private readonly Dictionary<string, NaptrAnswer> _answers = new(StringComparer.Ordinal);

        public List<string> Asked { get; } = [];

        public List<DateTimeOffset> Deadlines { get; } = [];

        public void Answer(string name, NaptrAnswer answer) => _answers[name] = answer;

        public ValueTask<NaptrAnswer> ResolveAsync(string name, DateTimeOffset deadline, CancellationToken cancellationToken)
        {
            Asked.Add(name);
            Deadlines.Add(deadline);
            return ValueTask.FromResult(_answers.TryGetValue(name, out var answer) ? answer : new NaptrAnswer(NaptrAnswerKind.NameError, [], TimeSpan.Zero));
        }
    }
}
