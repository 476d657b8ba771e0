using System.Net;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using NumberDirectory.Admin.V1;

namespace NumberDirectory.Server.Tests.Admin;

/// <summary>NodeService.ImportDundi over real gRPC: a dry run changes nothing, an apply is all or nothing.</summary>
public sealed class ImportDundiAdminTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(_temp.Data());

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _temp.Dispose();
    }

    private static ImportDundiRequest Request(string dundi, bool apply = false) => new()
    {
        DundiConf = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "asterisk-conf", dundi)),
        ExtensionsConf = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "asterisk-conf", "node-b-extensions.conf")),
        Apply = apply,
    };

    [Fact]
    public async Task DryRun_ListsWhatItWouldCreate_AndChangesNothing()
    {
        using var channel = AdminClient.Channel(_node);

        var plan = await new NodeService.NodeServiceClient(channel).ImportDundiAsync(Request("node-b-dundi.conf.plaintext"));

        Assert.False(plan.Applied);
        Assert.Empty(plan.Conflicts);
        var peer = Assert.Single(plan.Peers);
        Assert.Equal(("02:00:00:00:00:0a", "127.0.0.1", PeerModel.Inbound), (peer.Id, peer.Host, peer.Model));
        Assert.Equal(["e164"], peer.Permit);
        Assert.NotEmpty(plan.Ranges);
        Assert.Contains(plan.Issues, i => i.File == "dundi.conf" && i.Text.Contains("autokill", StringComparison.Ordinal) && i.Kind == ImportIssueKind.NotNeeded);
        using var topology = JsonDocument.Parse(plan.TopologyJson);
        Assert.Equal("02:00:00:00:00:0b", topology.RootElement.GetProperty("Node").GetProperty("Id").GetString());
        Assert.False(topology.RootElement.GetProperty("Dundi").TryGetProperty("Peers", out _));
        Assert.False(topology.RootElement.TryGetProperty("Ranges", out _));
        Assert.Equal(0, (await new RangeService.RangeServiceClient(channel).ListRangesAsync(new ListRangesRequest())).TotalSize);
        Assert.Empty((await new PeerService.PeerServiceClient(channel).ListPeersAsync(new ListPeersRequest())).Peers);
    }

    [Fact]
    public async Task Apply_CreatesRuntimePeersAndRanges_ThatAnswerAtOnce()
    {
        using var channel = AdminClient.Channel(_node);

        var applied = await new NodeService.NodeServiceClient(channel).ImportDundiAsync(Request("node-b-dundi.conf.plaintext", apply: true));

        Assert.True(applied.Applied);
        var ranges = await new RangeService.RangeServiceClient(channel).ListRangesAsync(new ListRangesRequest { Source = RangeSource.Runtime });
        Assert.Equal(applied.Ranges.Select(r => r.Pattern).Order(StringComparer.Ordinal), ranges.Ranges.Select(r => r.Pattern).Order(StringComparer.Ordinal));
        var peer = (await new PeerService.PeerServiceClient(channel).GetPeerAsync(new GetPeerRequest { Id = "02:00:00:00:00:0a" })).Peer;
        Assert.Equal(PeerSource.Runtime, peer.Peer.Source);
        Assert.Equal(HttpStatusCode.OK, (await _node.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task ApplyTwice_TheSecondIsRefusedNamingEveryConflict_AndCreatesNothing()
    {
        using var channel = AdminClient.Channel(_node);
        var client = new NodeService.NodeServiceClient(channel);
        var first = await client.ImportDundiAsync(Request("node-b-dundi.conf.plaintext", apply: true));
        var ranges = new RangeService.RangeServiceClient(channel);
        var count = (await ranges.ListRangesAsync(new ListRangesRequest())).TotalSize;

        var dryRun = await client.ImportDundiAsync(Request("node-b-dundi.conf.plaintext"));
        var refused = await Assert.ThrowsAsync<RpcException>(() => client.ImportDundiAsync(Request("node-b-dundi.conf.plaintext", apply: true)).ResponseAsync);

        Assert.Equal(first.Ranges.Count + 1, dryRun.Conflicts.Count);
        Assert.Contains(dryRun.Conflicts, c => c.StartsWith("peer 02:00:00:00:00:0a exists already", StringComparison.Ordinal));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Equal(dryRun.Conflicts, refused.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations.Select(v => v.Description));
        Assert.Equal(count, (await ranges.ListRangesAsync(new ListRangesRequest())).TotalSize);
    }

    [Fact]
    public async Task EncryptedPeer_KeyNotSent_IsAConflict_AndTheApplyCreatesNothing()
    {
        using var channel = AdminClient.Channel(_node);
        var client = new NodeService.NodeServiceClient(channel);

        var plan = await client.ImportDundiAsync(Request("node-b-dundi.conf.encrypted"));
        var refused = await Assert.ThrowsAsync<RpcException>(() => client.ImportDundiAsync(Request("node-b-dundi.conf.encrypted", apply: true)).ResponseAsync);

        Assert.Contains(plan.Conflicts, c => c.Contains("'nodea', which was not sent", StringComparison.Ordinal));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Equal(0, (await new RangeService.RangeServiceClient(channel).ListRangesAsync(new ListRangesRequest())).TotalSize);
        Assert.Empty((await new PeerService.PeerServiceClient(channel).ListPeersAsync(new ListPeersRequest())).Peers);
    }

    [Fact]
    public async Task LargeFiles_PastTheLookupDoorsBodyLimit_AreImported()
    {
        using var channel = AdminClient.Channel(_node);
        var request = Request("node-b-dundi.conf.plaintext");
        request.DundiConf = string.Concat(Enumerable.Repeat("; a long comment of the kind real dundi.conf files carry\n", 400)) + request.DundiConf;

        var plan = await new NodeService.NodeServiceClient(channel).ImportDundiAsync(request);

        Assert.True(request.CalculateSize() > 16 * 1024);
        Assert.Single(plan.Peers);
    }

    [Fact]
    public async Task EmptyDundiConf_InvalidArgumentNamingTheField()
    {
        using var channel = AdminClient.Channel(_node);

        var failure = await Assert.ThrowsAsync<RpcException>(() => new NodeService.NodeServiceClient(channel).ImportDundiAsync(new ImportDundiRequest { Apply = true }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal("dundi_conf", Assert.Single(failure.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }
}
