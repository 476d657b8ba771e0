using NumberDirectory.Core.Handlers;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Tests.Handlers;

public class LoopGuardHandlerTests
{
    private static readonly NodeId Self = NodeId.Parse("00:00:5e:00:53:01");
    private static readonly NodeId Other = NodeId.Parse("00:00:5e:00:53:02");
    private static readonly LoopGuardHandler Guard = new(Self);

    private static LookupRequest Request(int hops, params NodeId[] path) =>
        new(DialNumber.Parse("4001"), "e164", hops, [.. path], DateTimeOffset.MaxValue);

    private static readonly LookupResult Found = LookupResult.Found([new RouteAnswer("iax2:b.example.net/4001", 0, RouteFlags.Exists, Self, TimeSpan.FromMinutes(5))]);

    [Fact]
    public async Task LookupAsync_FreshRequest_PassesItOnUnchanged()
    {
        var next = new StubNext(LookupResult.NotFound(TimeSpan.FromSeconds(30)));
        var request = Request(32, Other);

        var result = await Guard.LookupAsync(request, next.Invoke, CancellationToken.None);

        Assert.Same(request, Assert.Single(next.Calls));
        Assert.Equal(LookupStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task LookupAsync_PathHoldsUs_AsksLocalOnlyAndAnswersLoopWhenNothingLocal()
    {
        var next = new StubNext(LookupResult.NotFound(TimeSpan.FromSeconds(30)));

        var result = await Guard.LookupAsync(Request(32, Other, Self), next.Invoke, CancellationToken.None);

        Assert.True(Assert.Single(next.Calls).LocalOnly);
        Assert.Equal(LookupStatus.Loop, result.Status);
        Assert.DoesNotContain(result.Hints, h => h.Kind.HasFlag(LookupHintKind.TtlExpired));
        Assert.Contains(result.Trace, t => t.Source == "loop-guard");
    }

    [Fact]
    public async Task LookupAsync_PathHoldsUsButLocalMatch_AnswersFound()
    {
        var next = new StubNext(Found);

        var result = await Guard.LookupAsync(Request(32, Self), next.Invoke, CancellationToken.None);

        Assert.True(Assert.Single(next.Calls).LocalOnly);
        Assert.Equal(LookupStatus.Found, result.Status);
        Assert.Single(result.Routes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task LookupAsync_HopBudgetSpent_AnswersLoopWithTtlExpiredHint(int hops)
    {
        var next = new StubNext(LookupResult.NotFound(TimeSpan.FromSeconds(30)));

        var result = await Guard.LookupAsync(Request(hops, Other), next.Invoke, CancellationToken.None);

        Assert.True(Assert.Single(next.Calls).LocalOnly);
        Assert.Equal(LookupStatus.Loop, result.Status);
        Assert.Contains(result.Hints, h => h.Kind == LookupHintKind.TtlExpired);
    }

    [Fact]
    public async Task LookupAsync_AlreadyLocalOnly_PassesItOn()
    {
        var next = new StubNext(LookupResult.NotFound(TimeSpan.Zero));
        var request = Request(0, Self) with { LocalOnly = true };

        var result = await Guard.LookupAsync(request, next.Invoke, CancellationToken.None);

        Assert.Same(request, Assert.Single(next.Calls));
        Assert.Equal(LookupStatus.NotFound, result.Status);
    }
}
