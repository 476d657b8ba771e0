using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Agi;

/// <summary>Failures behind the FastAGI door: ERROR (or FOUND with ND_PARTIAL=1), never a hang and never a NOTFOUND.</summary>
public sealed class AgiLookupFailureTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private Task<TestNode> StartWithAsync(ILookupHandler handler, TimeProvider? time = null) =>
        TestNode.StartAsync(_temp.Data(), services: s =>
        {
            if (time is not null)
            {
                s.Replace(ServiceDescriptor.Singleton(time));
            }

            s.Replace(ServiceDescriptor.Singleton<ILookupPipeline>(sp =>
                new LookupPipelineBuilder().Use(handler).Build(sp.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(30))));
        });

    [Fact]
    public async Task Lookup_PipelineFails_SetsErrorWithTheReason()
    {
        await using var node = await StartWithAsync(new AnswerHandler(LookupResult.Failed("test", "every peer is down")));

        var v = await AgiTestClient.LookupAsync(node.Agi, "4001");

        Assert.Equal("ERROR", v["ND_STATUS"]);
        Assert.Equal("every peer is down", v["ND_ERROR"]);
        Assert.Equal("0", v["ND_COUNT"]);
        Assert.Equal(1, node.Services.GetRequiredService<NodeMetrics>().Lookups("agi", LookupStatus.Failed));
    }

    [Fact]
    public async Task Lookup_PartialAnswer_SetsFoundWithPartialFlag()
    {
        var route = new RouteAnswer("iax2:pbx-b.example.net/4001", 5, RouteFlags.Exists, NodeId.Parse("00:00:5e:00:53:0b"), TimeSpan.FromSeconds(20));
        await using var node = await StartWithAsync(new AnswerHandler(LookupResult.Found([route]) with { Partial = true }));

        var v = await AgiTestClient.LookupAsync(node.Agi, "4001");

        Assert.Equal("FOUND", v["ND_STATUS"]);
        Assert.Equal("1", v["ND_PARTIAL"]);
        Assert.Equal("20", v["ND_TTL"]);
        Assert.Equal("IAX2/pbx-b.example.net/4001", v["ND_DIAL"]);
        Assert.Equal("5", v["ND_WEIGHT_1"]);
    }

    // The real case is a dead DUNDi peer, which needs the peering feature; a stalling handler on a fake
    // clock stands in for it here, as LookupEndpointFailureTests does for the HTTP door.
    [Fact]
    public async Task Lookup_PipelineStallsPastTheDeadline_SetsErrorAtTheRequestedTimeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var stall = new StallingHandler(time);
        await using var node = await StartWithAsync(stall, time);
        await using var client = await AgiTestClient.ConnectAsync(node.Agi);
        await client.SendHeaderAsync("4001", "lookup?context=e164&timeout=0.25");

        var first = client.ReadCommandAsync();
        await stall.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.False(first.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.NotNull(await first);
        await client.ReplyAsync("200 result=1");
        await client.AnswerAllAsync();

        Assert.Equal("ERROR", client.Variables["ND_STATUS"]);
        Assert.Equal("1", client.Variables["ND_PARTIAL"]);
        Assert.Contains("250 ms", client.Variables["ND_ERROR"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_TimeoutAboveTheConfiguredCap_IsClampedToTheCap()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var stall = new StallingHandler(time);
        await using var node = await StartWithAsync(stall, time);
        await using var client = await AgiTestClient.ConnectAsync(node.Agi);
        await client.SendHeaderAsync("4001", "lookup?timeout=600");

        var first = client.ReadCommandAsync();
        await stall.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromMilliseconds(new LookupOptions().MaxTimeoutMs));
        Assert.NotNull(await first);
        await client.ReplyAsync("200 result=1");
        await client.AnswerAllAsync();

        Assert.Equal("ERROR", client.Variables["ND_STATUS"]);
    }

    private sealed class AnswerHandler(LookupResult result) : ILookupHandler
    {
        public ValueTask<LookupResult> LookupAsync(LookupRequest request, LookupDelegate next, CancellationToken cancellationToken) =>
            ValueTask.FromResult(result);
    }

    private sealed class StallingHandler(TimeProvider time) : ILookupHandler
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<LookupResult> LookupAsync(LookupRequest request, LookupDelegate next, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Task.Delay(TimeSpan.FromHours(1), time, cancellationToken);
            return LookupResult.NotFound(TimeSpan.Zero);
        }
    }
}
