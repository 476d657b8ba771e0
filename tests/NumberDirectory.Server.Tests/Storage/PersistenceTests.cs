using System.Buffers.Binary;
using System.Net;
using LiteDB;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.Hosting;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Tests.Storage;

public sealed class PersistenceTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static RangeDefinition Definition(string pattern, string uri) => new("e164", pattern, [new RouteDefinition(uri, 0, null)]);

    [Fact]
    public async Task Restart_KeepsRuntimeRangesAndTheNodeId()
    {
        NodeId first;
        await using (var node = await TestNode.StartAsync(_temp.Data()))
        {
            first = node.Services.GetRequiredService<NodeIdentity>().Id;
            var catalog = node.Services.GetRequiredService<RangeCatalog>();
            Assert.True(catalog.TryPublish(Definition("_4XXX", "iax2:pbx-b.example.net/${NUMBER}"), out _, out var errors, out _), string.Join("; ", errors));
            Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative))).StatusCode);
        }

        await using (var again = await TestNode.StartAsync(_temp.Data()))
        {
            Assert.Equal(first, again.Services.GetRequiredService<NodeIdentity>().Id);
            Assert.False(first.IsEmpty);
            Assert.Equal("IAX2/pbx-b.example.net/4001", (await again.Http.GetStringAsync(new Uri("/lookup/4001", UriKind.Relative))).TrimEnd());
        }
    }

    [Fact]
    public async Task Restart_WithdrawnRangeStaysWithdrawn()
    {
        await using (var node = await TestNode.StartAsync(_temp.Data()))
        {
            var catalog = node.Services.GetRequiredService<RangeCatalog>();
            Assert.True(catalog.TryPublish(Definition("_4XXX", "iax2:pbx-b.example.net/${NUMBER}"), out _, out _, out _));
            Assert.True(catalog.TryWithdraw("e164", "_4XXX", out var error), error);
        }

        await using var again = await TestNode.StartAsync(_temp.Data());
        Assert.Equal(HttpStatusCode.NotFound, (await again.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task ConfiguredId_IsUsedAndKept()
    {
        var settings = new Dictionary<string, string?> { ["Node:Id"] = "00:00:5e:00:53:07" };
        await using (var node = await TestNode.StartAsync(_temp.Data(), settings))
        {
            Assert.Equal(NodeId.Parse("00:00:5e:00:53:07"), node.Services.GetRequiredService<NodeIdentity>().Id);
        }

        await using var again = await TestNode.StartAsync(_temp.Data());
        Assert.Equal(NodeId.Parse("00:00:5e:00:53:07"), again.Services.GetRequiredService<NodeIdentity>().Id);
    }

    [Fact]
    public async Task ConfigRanges_AreReadOnlyThroughTheCatalog()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), Ranges.Config(("_3XXX", "sip:${NUMBER}@pbx-a.example.net", 0)));
        var catalog = node.Services.GetRequiredService<RangeCatalog>();

        Assert.False(catalog.TryWithdraw("e164", "_3XXX", out var error));
        Assert.Contains("configuration file", error, StringComparison.Ordinal);
        Assert.False(catalog.TryPublish(Definition("_3XXX", "sip:${NUMBER}@other.example.net"), out _, out var errors, out _));
        Assert.Contains(errors, e => e.Contains("source: config", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Publish_InvalidRange_IsRejectedAndNothingIsStored()
    {
        await using var node = await TestNode.StartAsync(_temp.Data());
        var catalog = node.Services.GetRequiredService<RangeCatalog>();

        Assert.False(catalog.TryPublish(Definition("_4[", "sip:${NUMBER}@pbx.example.net"), out _, out var errors, out _));

        Assert.Contains(errors, e => e.StartsWith("Pattern:", StringComparison.Ordinal));
        Assert.Empty(node.Services.GetRequiredService<RangeStore>().LoadAll());
    }

    [Fact]
    public async Task Start_StoredRangeThatNoLongerValidates_IsSkippedButKept()
    {
        Directory.CreateDirectory(_temp.Data());
        using (var db = new LiteDatabase(Path.Combine(_temp.Data(), NodeDatabase.FileName)))
        {
            db.GetCollection<IdentityDocument>("identity").Insert(new IdentityDocument { Id = "node", Eid = "00:00:5e:00:53:07" });
            db.GetCollection<RangeDocument>("ranges").Insert(new RangeDocument { Id = "e164/_4[", Context = "e164", Pattern = "_4[", Routes = [new RouteDocument { Uri = "sip:${NUMBER}@b.example.net" }] });
            db.GetCollection<RangeDocument>("ranges").Insert(new RangeDocument { Id = "e164/_5XXX", Context = "e164", Pattern = "_5XXX", Routes = [new RouteDocument { Uri = "sip:${NUMBER}@c.example.net" }] });
        }

        await using var node = await TestNode.StartAsync(_temp.Data());

        Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync(new Uri("/lookup/5001", UriKind.Relative))).StatusCode);
        Assert.Equal(2, node.Services.GetRequiredService<RangeStore>().LoadAll().Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Start_AfterACrashLeftALogFile_ServesWhatTheLogHolds(bool tornLastPage)
    {
        var file = await DataFiles.WriteGoodAsync(_temp.Data());
        var log = DataFiles.WritePendingLog(file);
        if (tornLastPage)
        {
            await File.AppendAllTextAsync(log, "a write the crash cut short");
        }

        await using var node = await TestNode.StartAsync(_temp.Data());

        Assert.Equal("PJSIP/6001@pbx-d.example.net", (await node.Http.GetStringAsync(new Uri("/lookup/6001", UriKind.Relative))).TrimEnd());
        Assert.Equal("IAX2/pbx-b.example.net/4001", (await node.Http.GetStringAsync(new Uri("/lookup/4001", UriKind.Relative))).TrimEnd());
        Assert.Equal(NodeId.Parse(DataFiles.NodeEid), node.Services.GetRequiredService<NodeIdentity>().Id);
    }

    [Fact]
    public async Task Start_AfterACrashLeftAnUnwrittenPage_Starts()
    {
        // A transaction that allocated the last page and never committed, while a later one did:
        // the page is all zeros, counted in the header, and nothing leads to it.
        var file = await DataFiles.WriteGoodAsync(_temp.Data());
        var bytes = await File.ReadAllBytesAsync(file);
        var pages = bytes.Length / DataFiles.PageSize;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(64), (uint)pages);
        await File.WriteAllBytesAsync(file, [.. bytes, .. new byte[DataFiles.PageSize]]);

        await using var node = await TestNode.StartAsync(_temp.Data());

        Assert.Equal("IAX2/pbx-b.example.net/4001", (await node.Http.GetStringAsync(new Uri("/lookup/4001", UriKind.Relative))).TrimEnd());
    }
}
