using System.Net;
using LiteDB;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Tests.Storage;

/// <summary>Ranges in the data file pass the same route check as configured ones: URI parameters load, bad ones are skipped.</summary>
public sealed class StoredRouteParameterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Start_StoredRangeWithUriParameters_IsLoadedAndAnswered()
    {
        Store(
            new RangeDocument { Id = "e164/_40XX", Context = "e164", Pattern = "_40XX", Routes = [new RouteDocument { Uri = "sip:${NUMBER}@pbx-w.example.net;transport=wss" }] },
            new RangeDocument { Id = "e164/_96XX", Context = "e164", Pattern = "_96XX", Routes = [new RouteDocument { Uri = "sips:${NUMBER}@pbx-w.example.net:8089" }] });

        await using var node = await TestNode.StartAsync(_temp.Data());

        Assert.Equal("PJSIP/numberdirectory/sip:4005@pbx-w.example.net;transport=wss", (await node.Http.GetStringAsync(new Uri("/lookup/4005", UriKind.Relative))).TrimEnd());
        Assert.Equal("PJSIP/numberdirectory/sips:9601@pbx-w.example.net:8089", (await node.Http.GetStringAsync(new Uri("/lookup/9601", UriKind.Relative))).TrimEnd());
    }

    [Fact]
    public async Task Start_StoredRangeWithABadParameter_IsSkippedButKept()
    {
        Store(new RangeDocument { Id = "e164/_40XX", Context = "e164", Pattern = "_40XX", Routes = [new RouteDocument { Uri = "sip:${NUMBER}@pbx-w.example.net;transport=wsx" }] });

        await using var node = await TestNode.StartAsync(_temp.Data());

        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.GetAsync(new Uri("/lookup/4005", UriKind.Relative))).StatusCode);
        Assert.Single(node.Services.GetRequiredService<RangeStore>().LoadAll());
    }

    [Fact]
    public async Task Publish_RangeWithUriParameters_SurvivesARestart()
    {
        await using (var node = await TestNode.StartAsync(_temp.Data()))
        {
            var definition = new RangeDefinition("e164", "_41XX", [new RouteDefinition("sip:${NUMBER}@pbx-w.example.net:5061;transport=tls", 0, null)]);
            Assert.True(node.Services.GetRequiredService<RangeCatalog>().TryPublish(definition, out _, out var errors, out _), string.Join("; ", errors));
        }

        await using var again = await TestNode.StartAsync(_temp.Data());
        Assert.Equal("PJSIP/numberdirectory/sip:4105@pbx-w.example.net:5061;transport=tls", (await again.Http.GetStringAsync(new Uri("/lookup/4105", UriKind.Relative))).TrimEnd());
    }

    private void Store(params RangeDocument[] documents)
    {
        Directory.CreateDirectory(_temp.Data());
        using var db = new LiteDatabase(Path.Combine(_temp.Data(), NodeDatabase.FileName));

        // A data file with ranges is a node's: it has the node's identity too.
        db.GetCollection<IdentityDocument>("identity").Insert(new IdentityDocument { Id = "node", Eid = "00:00:5e:00:53:07" });
        db.GetCollection<RangeDocument>("ranges").InsertBulk(documents);
    }
}
