using DnsClient;
using Google.Rpc;
using Grpc.Core;
using NumberDirectory.Admin.V1;
using NumberDirectory.Server.Tests.Agi;
using NumberDirectory.Server.Tests.Dundi;
using NumberDirectory.Server.Tests.EnumDns;

namespace NumberDirectory.Server.Tests.Admin;

/// <summary>The watch stream over real gRPC: lookups from every door as they happen, filtered.</summary>
public sealed class WatchLookupsTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private Mesh _mesh = null!;

    private TestNode A => _mesh["A"];

    public async Task InitializeAsync() =>
        _mesh = await new Mesh()
            .Node("A", ("_3XXX", "sip:${NUMBER}@pbx-a.example.net"))
            .Node("B", ("_4XXX", "sip:${NUMBER}@pbx-b.example.net"))
            .Link("A", "B")
            .StartAsync();

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    [Fact]
    public async Task Watch_StreamsLookupsFromEveryDoor()
    {
        using var channel = AdminClient.Channel(A);
        using var cancel = new CancellationTokenSource(Patience);
        using var call = new LookupService.LookupServiceClient(channel).WatchLookups(new WatchLookupsRequest(), cancellationToken: cancel.Token);
        await call.ResponseHeadersAsync;

        await A.Http.GetStringAsync(new Uri("/lookup/3001", UriKind.Relative));
        await AgiTestClient.LookupAsync(A.Agi, "3002");
        await EnumClient.For(A.Enum).QueryAsync("3.0.0.3.e164.example.net", QueryType.NAPTR);
        await new LookupService.LookupServiceClient(channel).LookupAsync(new LookupRequest { Number = "3004" });
        await _mesh["B"].Http.GetStringAsync(new Uri("/lookup/3005", UriKind.Relative));
        await A.Http.GetStringAsync(new Uri("/lookup/4006", UriKind.Relative));

        var seen = new Dictionary<string, LookupEvent>();
        while (seen.Count < 6 && await call.ResponseStream.MoveNext(cancel.Token))
        {
            var message = call.ResponseStream.Current;
            Assert.Equal(0, message.Dropped);
            seen[message.Event.Number] = message.Event;
        }

        Assert.Equal(["admin", "agi", "dundi", "enum", "http", "http"], seen.Values.Select(e => e.Door).Order(StringComparer.Ordinal));
        Assert.Equal(("http", LookupStatus.Found, 1), (seen["3001"].Door, seen["3001"].Status, seen["3001"].Routes));
        Assert.Equal([Mesh.Eid("A").ToString()], seen["3001"].AnsweredBy);
        Assert.Equal("127.0.0.1", seen["3001"].Client);
        Assert.Equal("agi", seen["3002"].Door);
        Assert.StartsWith("127.0.0.1:", seen["3002"].Client, StringComparison.Ordinal);
        Assert.Equal(("enum", "+3003"), (seen["+3003"].Door, seen["+3003"].Number));
        Assert.Equal("admin", seen["3004"].Door);
        Assert.Equal(("dundi", Mesh.Eid("B").ToString()), (seen["3005"].Door, seen["3005"].Client));
        Assert.Equal([Mesh.Eid("B").ToString()], seen["4006"].AnsweredBy);
        Assert.All(seen.Values, e => Assert.Equal("e164", e.Context));
        Assert.All(seen.Values, e => Assert.True(e.Latency.ToTimeSpan() >= TimeSpan.Zero));
    }

    [Fact]
    public async Task Watch_Filtered_GetsOnlyWhatTheFilterTakes()
    {
        using var channel = AdminClient.Channel(A);
        using var cancel = new CancellationTokenSource(Patience);
        var request = new WatchLookupsRequest { Doors = { "http" }, Statuses = { LookupStatus.NotFound }, NumberPrefix = "5" };
        using var call = new LookupService.LookupServiceClient(channel).WatchLookups(request, cancellationToken: cancel.Token);
        await call.ResponseHeadersAsync;

        await A.Http.GetStringAsync(new Uri("/lookup/3001", UriKind.Relative));
        await AgiTestClient.LookupAsync(A.Agi, "5002");
        await A.Http.GetAsync(new Uri("/lookup/6003", UriKind.Relative));
        await A.Http.GetAsync(new Uri("/lookup/5004", UriKind.Relative));
        await A.Http.GetAsync(new Uri("/lookup/5005", UriKind.Relative));

        Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
        var first = call.ResponseStream.Current.Event;
        Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
        var second = call.ResponseStream.Current.Event;

        Assert.Equal(("5004", "http", LookupStatus.NotFound), (first.Number, first.Door, first.Status));
        Assert.Equal("5005", second.Number);
    }

    [Fact]
    public async Task Watch_BadFilter_InvalidArgumentNamingEachField()
    {
        using var channel = AdminClient.Channel(A);
        using var call = new LookupService.LookupServiceClient(channel).WatchLookups(new WatchLookupsRequest { Doors = { "http", "sip" }, Context = "no spaces" });

        var failure = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal(["context", "doors[1]"], failure.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Watch_Cancelled_TheWatcherIsGone()
    {
        var watch = A.Services.GetRequiredService<NumberDirectory.Server.Hosting.LookupWatch>();
        using var channel = AdminClient.Channel(A);
        using (var cancel = new CancellationTokenSource())
        {
            using var call = new LookupService.LookupServiceClient(channel).WatchLookups(new WatchLookupsRequest(), cancellationToken: cancel.Token);
            await call.ResponseHeadersAsync;
            Assert.Equal(1, watch.Watchers);
            await cancel.CancelAsync();
        }

        // The server notices the reset on its own schedule; a bounded wait for it.
        using var patience = new CancellationTokenSource(Patience);
        while (watch.Watchers > 0)
        {
            await Task.Delay(10, patience.Token);
        }

        Assert.Equal(0, watch.Watchers);
    }
}
