using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using NumberDirectory.Admin.V1;
using NumberDirectory.Server.Tests.Dundi;

namespace NumberDirectory.Server.Tests.Admin;

/// <summary>The admin API over real gRPC (HTTP/2 cleartext on loopback) against real nodes.</summary>
public sealed class AdminApiTests : IAsyncLifetime
{
    private readonly Socket _blackHole = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private Mesh _mesh = null!;

    private TestNode A => _mesh["A"];

    public async Task InitializeAsync()
    {
        _blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _mesh = await new Mesh()
            .Node("A", ("_3XXX", "iax2:pbx-a.example.net/${NUMBER}"))
            .Node("B", ("_4XXX", "sip:${NUMBER}@pbx-b.example.net"))
            .Link("A", "B")
            .StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        _blackHole.Dispose();
    }

    [Fact]
    public async Task GetNodeInfo_TellsWhoTheNodeIsAndWhereItsDoorsListen()
    {
        using var channel = AdminClient.Channel(A);

        var info = await new NodeService.NodeServiceClient(channel).GetNodeInfoAsync(new GetNodeInfoRequest());

        Assert.Equal(Mesh.Eid("A").ToString(), info.Eid);
        Assert.Equal(1, info.Ranges);
        Assert.Equal(1, info.Peers);
        Assert.Equal(["admin", "agi", "dundi", "enum", "http"], info.Listeners.Select(l => l.Door).Order());
        Assert.Equal($"127.0.0.1:{A.Address.Port}", info.Listeners.Single(l => l.Door == "http").Address);
        Assert.Equal(A.DundiAddress.ToString(), info.Listeners.Single(l => l.Door == "dundi").Address);
        Assert.True(info.Uptime.ToTimeSpan() >= TimeSpan.Zero);
        Assert.EndsWith("numberdirectory.db", info.DataFile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_OwnAndPeersNumbersAndOneNobodyHas_FoundFoundNotFound()
    {
        using var channel = AdminClient.Channel(A);
        var client = new LookupService.LookupServiceClient(channel);

        var own = (await client.LookupAsync(new LookupRequest { Number = "3001" })).Answer;
        var peers = (await client.LookupAsync(new LookupRequest { Number = "4001", Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(3)) })).Answer;
        var nobody = (await client.LookupAsync(new LookupRequest { Number = "5001", Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(3)) })).Answer;

        Assert.Equal((LookupStatus.Found, "IAX2/pbx-a.example.net/3001", "iax2:pbx-a.example.net/3001"), (own.Status, own.Routes.Single().Dial, own.Routes.Single().Uri));
        Assert.Equal(Mesh.Eid("A").ToString(), own.Routes.Single().AnsweredBy);
        Assert.Contains("exists", own.Routes.Single().Flags);
        Assert.Equal((LookupStatus.Found, "PJSIP/4001@pbx-b.example.net", Mesh.Eid("B").ToString()), (peers.Status, peers.Routes.Single().Dial, peers.Routes.Single().AnsweredBy));
        Assert.Equal(LookupStatus.NotFound, nobody.Status);
        Assert.False(nobody.Partial);
    }

    [Theory]
    [InlineData("40x1", "", "number")]
    [InlineData("4001", "no spaces", "context")]
    public async Task Lookup_BadRequest_InvalidArgumentNamingTheField(string number, string context, string field)
    {
        using var channel = AdminClient.Channel(A);

        var failure = await Assert.ThrowsAsync<RpcException>(() => new LookupService.LookupServiceClient(channel).LookupAsync(new LookupRequest { Number = number, Context = context }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        var violation = Assert.Single(failure.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal(field, violation.Field);
        Assert.NotEmpty(violation.Description);
    }

    [Fact]
    public async Task ExplainLookup_PeersNumber_ShowsThePeerAskedThenTheCacheOnTheSecondCall()
    {
        using var channel = AdminClient.Channel(A);
        var client = new LookupService.LookupServiceClient(channel);

        var first = await client.ExplainLookupAsync(new ExplainLookupRequest { Number = "4002", Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(3)) });
        var second = await client.ExplainLookupAsync(new ExplainLookupRequest { Number = "4002" });

        Assert.Equal(LookupStatus.Found, first.Answer.Status);
        Assert.Contains(first.Trace, s => s.Source == "fan-out" && s.Message.StartsWith($"asked {Mesh.Eid("B")}", StringComparison.Ordinal));
        Assert.Contains(first.Trace, s => s.Source == "fan-out" && s.Message == $"{Mesh.Eid("B")} answered 1 route(s)");
        Assert.True(first.Trace.Select(s => s.At.ToTimeSpan()).SequenceEqual(first.Trace.Select(s => s.At.ToTimeSpan()).Order()), "steps in time order");
        Assert.True(first.Elapsed.ToTimeSpan() >= first.Trace.Max(s => s.At.ToTimeSpan()));
        Assert.Contains(second.Trace, s => s.Source == "cache" && s.Message.StartsWith("hit", StringComparison.Ordinal));
        Assert.DoesNotContain(second.Trace, s => s.Source == "fan-out");
    }

    [Fact]
    public async Task Cache_ListGetFlush_TheAnswerLearnedFromThePeer()
    {
        using var channel = AdminClient.Channel(A);
        await new LookupService.LookupServiceClient(channel).LookupAsync(new LookupRequest { Number = "4003", Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(3)) });
        var cache = new CacheService.CacheServiceClient(channel);

        var list = await cache.ListCacheEntriesAsync(new ListCacheEntriesRequest { NumberPrefix = "40" });
        var entry = (await cache.GetCacheEntryAsync(new GetCacheEntryRequest { Number = "4003" })).Entry;
        var flushed = await cache.FlushCacheAsync(new FlushCacheRequest { Number = "4003" });
        var gone = await Assert.ThrowsAsync<RpcException>(() => cache.GetCacheEntryAsync(new GetCacheEntryRequest { Number = "4003" }).ResponseAsync);

        Assert.Equal(["4003"], list.Entries.Select(e => e.Number));
        Assert.Equal(1, list.TotalSize);
        Assert.Equal((LookupStatus.Found, false, "sip:4003@pbx-b.example.net"), (entry.Status, entry.Stale, entry.Routes.Single().Uri));
        Assert.True(entry.ExpiresAt.ToDateTimeOffset() > entry.StoredAt.ToDateTimeOffset());
        Assert.Equal(1, flushed.Flushed);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task ListCacheEntries_PagesThroughEverythingOnce()
    {
        using var channel = AdminClient.Channel(A);
        var lookup = new LookupService.LookupServiceClient(channel);
        for (var i = 0; i < 7; i++)
        {
            await lookup.LookupAsync(new LookupRequest { Number = (4100 + i).ToString(CultureInfo.InvariantCulture), Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(3)) });
        }

        var cache = new CacheService.CacheServiceClient(channel);
        var seen = new List<string>();
        var token = string.Empty;
        do
        {
            var page = await cache.ListCacheEntriesAsync(new ListCacheEntriesRequest { NumberPrefix = "41", PageSize = 3, PageToken = token });
            Assert.InRange(page.Entries.Count, 1, 3);
            Assert.Equal(7, page.TotalSize);
            seen.AddRange(page.Entries.Select(e => e.Number));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(Enumerable.Range(4100, 7).Select(i => i.ToString(CultureInfo.InvariantCulture)), seen);
        var badToken = await Assert.ThrowsAsync<RpcException>(() => cache.ListCacheEntriesAsync(new ListCacheEntriesRequest { PageToken = "!!" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badToken.StatusCode);
    }

    [Fact]
    public async Task FlushCache_NoScope_InvalidArgument()
    {
        using var channel = AdminClient.Channel(A);

        var failure = await Assert.ThrowsAsync<RpcException>(() => new CacheService.CacheServiceClient(channel).FlushCacheAsync(new FlushCacheRequest()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal("scope", Assert.Single(failure.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task Health_StandardService_Serving()
    {
        using var channel = AdminClient.Channel(A);
        var health = new Health.HealthClient(channel);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.ServiceUnknown, (await health.CheckAsync(new HealthCheckRequest { Service = "no.such.Service" })).Status);
    }

    [Fact]
    public async Task Reflection_ListsTheServicesAndDescribesAMethod()
    {
        using var channel = AdminClient.Channel(A);
        var reflection = new ServerReflection.ServerReflectionClient(channel);
        using var call = reflection.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        Assert.True(await call.ResponseStream.MoveNext());
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "numberdirectory.admin.v1.LookupService.ExplainLookup" });
        Assert.True(await call.ResponseStream.MoveNext());
        var files = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto
            .Select(bytes => Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom(bytes)).ToList();
        await call.RequestStream.CompleteAsync();

        Assert.Contains("numberdirectory.admin.v1.LookupService", services);
        Assert.Contains("numberdirectory.admin.v1.CacheService", services);
        Assert.Contains("numberdirectory.admin.v1.NodeService", services);
        Assert.Contains("numberdirectory.admin.v1.RangeService", services);
        Assert.Contains("numberdirectory.admin.v1.PeerService", services);
        Assert.Contains("grpc.health.v1.Health", services);
        var method = files.SelectMany(f => f.Service).Single(s => s.Name == "LookupService").Method.Single(m => m.Name == "ExplainLookup");
        Assert.Equal(".numberdirectory.admin.v1.ExplainLookupRequest", method.InputType);
        Assert.Equal(".numberdirectory.admin.v1.ExplainLookupResponse", method.OutputType);
    }

    [Fact]
    public async Task TheTwoListeners_EachServesOnlyItsOwn()
    {
        // gRPC on the lookup door (HTTP/1.1 only) does not get through, and the door's endpoints are not on the admin listener.
        using var doorChannel = AdminClient.Channel(A, address: A.Address);
        var onDoor = await Assert.ThrowsAsync<RpcException>(() => new NodeService.NodeServiceClient(doorChannel).GetNodeInfoAsync(new GetNodeInfoRequest()).ResponseAsync);
        using var http2 = new HttpClient(new SocketsHttpHandler()) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var onAdmin = await http2.GetAsync(new Uri(A.AdminAddress, "/lookup/3001"));

        Assert.NotEqual(StatusCode.OK, onDoor.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, onAdmin.StatusCode);
    }
}
