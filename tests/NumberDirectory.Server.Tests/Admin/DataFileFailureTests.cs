using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using NumberDirectory.Admin.V1;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Tests.Admin;

/// <summary>
/// A data file that stops taking writes under a running node (its disk gone): a change through the admin
/// API is refused with UNAVAILABLE naming the data file, not gRPC's bare UNKNOWN, and leaves nothing behind
/// in memory — the range is not published, so no door answers for it.
/// </summary>
public sealed class DataFileFailureTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        var settings = Ranges.Config(("_4XXX", "sip:${NUMBER}@pbx-b.example.net", 0));

        // A transferred zone: publishing writes its serial and journal step first, as the table takes the range.
        settings["Enum:Zones:0:Suffix"] = "e164.example.net";
        _node = await TestNode.StartAsync(_temp.Data(), settings);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task PublishWhenTheDataFileRefusesWrites_IsUnavailableNamingIt_AndTheRangeIsNotPublished()
    {
        using var channel = AdminClient.Channel(_node);
        var ranges = new RangeService.RangeServiceClient(channel);
        _node.Services.GetRequiredService<NodeDatabase>().Database.Dispose();

        var range = new NumberDirectory.Admin.V1.Range { Context = "e164", Pattern = "_5XXX", Routes = { new Route { UriTemplate = "sip:${NUMBER}@pbx-c.example.net" } } };
        var refused = await Assert.ThrowsAsync<RpcException>(() => ranges.PublishRangeAsync(new PublishRangeRequest { Range = range }).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("data file", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", refused.Status.Detail, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<RpcException>(() => ranges.GetRangeAsync(new GetRangeRequest { Context = "e164", Pattern = "_5XXX" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        using var lookup = await _node.Http.GetAsync(new Uri("/lookup/5001", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, lookup.StatusCode);
    }
}
