using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Http;

/// <summary>Failures behind the HTTP door: the answer is 503, never a hang and never a "not found".</summary>
public sealed class LookupEndpointFailureTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Get_PipelineFails_Returns503WithEmptyBodyAndErrorStatus()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), services: s =>
            s.Replace(ServiceDescriptor.Singleton<ILookupPipeline>(sp =>
                new LookupPipelineBuilder().Use(new FailingHandler()).Build(sp.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(30)))));

        using var response = await node.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative));
        using var hashResponse = await node.Http.GetAsync(new Uri("/lookup/4001?format=hash", UriKind.Relative));
        var hash = await hashResponse.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        Assert.Equal("ERROR", response.Headers.GetValues("X-NumberDirectory-Status").Single());
        Assert.StartsWith("status=ERROR&count=0", hash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_PipelineStallsPastTheDeadline_Returns503AtTheRequestedTimeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var stall = new StallingHandler(time);
        await using var node = await TestNode.StartAsync(_temp.Data(), services: s =>
        {
            s.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
            s.Replace(ServiceDescriptor.Singleton<ILookupPipeline>(sp =>
                new LookupPipelineBuilder().Use(stall).Build(time, TimeSpan.FromSeconds(30))));
        });

        var pending = node.Http.GetAsync(new Uri("/lookup/4001?timeout=0.25", UriKind.Relative));
        await stall.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, node.Services.GetRequiredService<NodeMetrics>().Lookups("http", LookupStatus.Failed));
    }

    [Fact]
    public async Task Get_TimeoutAboveTheConfiguredCap_IsClampedToTheCap()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var stall = new StallingHandler(time);
        await using var node = await TestNode.StartAsync(
            _temp.Data(),
            new Dictionary<string, string?> { ["Lookup:MaxTimeoutMs"] = "2000" },
            s =>
            {
                s.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
                s.Replace(ServiceDescriptor.Singleton<ILookupPipeline>(sp => new LookupPipelineBuilder().Use(stall).Build(time, TimeSpan.Zero)));
            });

        var pending = node.Http.GetAsync(new Uri("/lookup/4001?timeout=600", UriKind.Relative));
        await stall.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromMilliseconds(2000));
        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Get_ClientOutsideTheAllowList_Gets403()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?> { ["Http:AllowedClients:0"] = "192.0.2.0/24" });

        using var response = await node.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Http:AllowedClients", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private sealed class FailingHandler : ILookupHandler
    {
        public ValueTask<LookupResult> LookupAsync(LookupRequest request, LookupDelegate next, CancellationToken cancellationToken) =>
            ValueTask.FromResult(LookupResult.Failed("test", "every peer is down"));
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
