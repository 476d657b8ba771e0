using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Tests.Lookup;

public class LookupPipelineTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    private LookupRequest Request(TimeSpan budget) =>
        new(DialNumber.Parse("4001"), LookupContexts.Default, 32, [], _time.GetUtcNow() + budget);

    [Fact]
    public async Task LookupAsync_NoHandlers_AnswersNotFoundWithConfiguredTtl()
    {
        var pipeline = new LookupPipelineBuilder().Build(_time, TimeSpan.FromSeconds(30));

        var result = await pipeline.LookupAsync(Request(TimeSpan.FromSeconds(1)), CancellationToken.None);

        Assert.Equal(LookupStatus.NotFound, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(30), result.Ttl);
    }

    [Fact]
    public async Task LookupAsync_HandlersRunInTheOrderAdded()
    {
        var seen = new List<string>();
        var pipeline = new LookupPipelineBuilder()
            .Use(new RecordingHandler("first", seen))
            .Use(new RecordingHandler("second", seen))
            .Build(_time, TimeSpan.Zero);

        await pipeline.LookupAsync(Request(TimeSpan.FromSeconds(1)), CancellationToken.None);

        Assert.Equal(["first", "second"], seen);
    }

    [Fact]
    public async Task LookupAsync_HandlerPastDeadline_AnswersFailedPartialAtTheDeadline()
    {
        var pipeline = new LookupPipelineBuilder().Use(new StallingHandler(_time, honourToken: true)).Build(_time, TimeSpan.Zero);

        var pending = pipeline.LookupAsync(Request(TimeSpan.FromMilliseconds(500)), CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(pending.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await pending;

        Assert.Equal(LookupStatus.Failed, result.Status);
        Assert.True(result.Partial);
        Assert.Contains(result.Trace, t => t.Message.Contains("500 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LookupAsync_HandlerIgnoringItsToken_IsGivenUpOnAfterTheGrace()
    {
        var pipeline = new LookupPipelineBuilder().Use(new StallingHandler(_time, honourToken: false)).Build(_time, TimeSpan.Zero);

        var pending = pipeline.LookupAsync(Request(TimeSpan.FromMilliseconds(200)), CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.False(pending.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(20));
        var result = await pending;

        Assert.Equal(LookupStatus.Failed, result.Status);
    }

    [Fact]
    public async Task LookupAsync_DeadlineAlreadyPassed_AnswersFailedWithoutRunningHandlers()
    {
        var seen = new List<string>();
        var pipeline = new LookupPipelineBuilder().Use(new RecordingHandler("h", seen)).Build(_time, TimeSpan.Zero);

        var result = await pipeline.LookupAsync(Request(TimeSpan.FromMilliseconds(-1)), CancellationToken.None);

        Assert.Equal(LookupStatus.Failed, result.Status);
        Assert.Empty(seen);
    }

    [Fact]
    public async Task LookupAsync_HandlerThrows_AnswersFailedWithTheReason()
    {
        var pipeline = new LookupPipelineBuilder().Use(new ThrowingHandler()).Build(_time, TimeSpan.Zero);

        var result = await pipeline.LookupAsync(Request(TimeSpan.FromSeconds(1)), CancellationToken.None);

        Assert.Equal(LookupStatus.Failed, result.Status);
        Assert.Contains(result.Trace, t => t.Message.Contains("boom", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LookupAsync_CallerCancels_Throws()
    {
        var pipeline = new LookupPipelineBuilder().Use(new StallingHandler(_time, honourToken: true)).Build(_time, TimeSpan.Zero);
        using var cts = new CancellationTokenSource();

        var pending = pipeline.LookupAsync(Request(TimeSpan.FromSeconds(1)), cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task LookupAsync_CallerCancels_TheHandlersTokenIsCancelledToo()
    {
        // A handler that goes on after its caller gave up keeps asking peers for nobody.
        var handler = new StallingHandler(_time, honourToken: true);
        var pipeline = new LookupPipelineBuilder().Use(handler).Build(_time, TimeSpan.Zero);
        using var cts = new CancellationTokenSource();

        var pending = pipeline.LookupAsync(Request(TimeSpan.FromSeconds(1)), cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

        Assert.True(handler.Token.IsCancellationRequested);
    }

    private sealed class RecordingHandler(string name, List<string> seen) : ILookupHandler
    {
        public ValueTask<LookupResult> LookupAsync(LookupRequest request, LookupDelegate next, CancellationToken cancellationToken)
        {
            seen.Add(name);
            return next(request, cancellationToken);
        }
    }

    private sealed class StallingHandler(TimeProvider time, bool honourToken) : ILookupHandler
    {
        /// <summary>The token the handler was given.</summary>
        public CancellationToken Token { get; private set; }

        public async ValueTask<LookupResult> LookupAsync(LookupRequest request, LookupDelegate next, CancellationToken cancellationToken)
        {
            Token = cancellationToken;
            await Task.Delay(TimeSpan.FromHours(1), time, honourToken ? cancellationToken : CancellationToken.None);
            return LookupResult.NotFound(TimeSpan.Zero);
        }
    }

    private sealed class ThrowingHandler : ILookupHandler
    {
        public ValueTask<LookupResult> LookupAsync(LookupRequest request, LookupDelegate next, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("boom");
    }
}
