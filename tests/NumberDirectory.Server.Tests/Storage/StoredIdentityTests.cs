using LiteDB;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Server.Hosting;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Tests.Storage;

/// <summary>The node's EID changes only when the administrator says so (<c>Node:Id</c>), never because the stored one is unreadable.</summary>
public sealed class StoredIdentityTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> DamagedEids => new()
    {
        "five bytes",
        "not an EID",
        "a number",
        "no EID field",
    };

    [Theory]
    [MemberData(nameof(DamagedEids))]
    public async Task Start_StoredIdentityDamaged_RefusesNamingNodeIdAndWritesNothing(string damage)
    {
        var file = await DataFiles.WriteGoodAsync(_temp.Data());
        DataFiles.DamageIdentity(file, damage);
        var before = DataFiles.Hashes(file);

        var message = await DataFiles.StartupErrorAsync(_temp.Data());

        Assert.Equal(before, DataFiles.Hashes(file));
        Assert.DoesNotContain('\n', message);
        Assert.Contains("identity", message, StringComparison.Ordinal);
        Assert.Contains("Node:Id", message, StringComparison.Ordinal);
        Assert.Contains($"'{file}'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_StoredIdentityDamagedAndNodeIdSet_TakesTheConfiguredIdentityAndKeepsIt()
    {
        var file = await DataFiles.WriteGoodAsync(_temp.Data());
        DataFiles.DamageIdentity(file, "five bytes");
        var settings = new Dictionary<string, string?> { ["Node:Id"] = DataFiles.NodeEid };

        await using (var node = await TestNode.StartAsync(_temp.Data(), settings))
        {
            Assert.Equal(NodeId.Parse(DataFiles.NodeEid), node.Services.GetRequiredService<NodeIdentity>().Id);
        }

        await using var again = await TestNode.StartAsync(_temp.Data());
        Assert.Equal(NodeId.Parse(DataFiles.NodeEid), again.Services.GetRequiredService<NodeIdentity>().Id);
        Assert.Equal("IAX2/pbx-b.example.net/4001", (await again.Http.GetStringAsync(new Uri("/lookup/4001", UriKind.Relative))).TrimEnd());
    }

    [Fact]
    public async Task Start_IdentityMissingFromAFileWithRanges_RefusesAndWritesNothing()
    {
        var file = await DataFiles.WriteGoodAsync(_temp.Data());
        using (var db = new LiteDatabase(file))
        {
            Assert.True(db.DropCollection("identity"));
        }

        var before = DataFiles.Hashes(file);

        var message = await DataFiles.StartupErrorAsync(_temp.Data());

        Assert.Equal(before, DataFiles.Hashes(file));
        Assert.Contains("no node identity", message, StringComparison.Ordinal);
        Assert.Contains("Node:Id", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ValidLiteDbFileWithNothingInIt_StartsAsANewNode()
    {
        Directory.CreateDirectory(_temp.Data());
        using (var db = new LiteDatabase(Path.Combine(_temp.Data(), NodeDatabase.FileName)))
        {
            _ = db.GetCollectionNames().ToList();
        }

        NodeId first;
        await using (var node = await TestNode.StartAsync(_temp.Data()))
        {
            first = node.Services.GetRequiredService<NodeIdentity>().Id;
        }

        await using var again = await TestNode.StartAsync(_temp.Data());
        Assert.Equal(first, again.Services.GetRequiredService<NodeIdentity>().Id);
    }

    [Fact]
    public async Task Start_NodeIdDiffersFromTheStoredOne_TheConfiguredOneReplacesIt()
    {
        await DataFiles.WriteGoodAsync(_temp.Data());
        var settings = new Dictionary<string, string?> { ["Node:Id"] = "00:00:5e:00:53:08" };

        await using (var node = await TestNode.StartAsync(_temp.Data(), settings))
        {
            Assert.Equal(NodeId.Parse("00:00:5e:00:53:08"), node.Services.GetRequiredService<NodeIdentity>().Id);
        }

        await using var again = await TestNode.StartAsync(_temp.Data());
        Assert.Equal(NodeId.Parse("00:00:5e:00:53:08"), again.Services.GetRequiredService<NodeIdentity>().Id);
    }
}
