using DnsClient;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>Ranges published and withdrawn while the node runs show on the next query, kept answers or not.</summary>
public sealed class EnumRuntimeRangeTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task PublishThenWithdraw_TheNextQuerySeesEachChange()
    {
        await using var node = await TestNode.StartAsync(_temp.Data());
        var client = EnumClient.For(node.Enum);
        var catalog = node.Services.GetRequiredService<RangeCatalog>();
        var serial = Assert.Single((await client.QueryAsync("e164.example.net", QueryType.SOA)).Answers.SoaRecords()).Serial;

        // Asked twice, so the negative answers are kept encoded before the change.
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, (await client.QueryAsync("1.0.0.5.e164.example.net", QueryType.NAPTR)).Header.ResponseCode);
            Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, (await client.QueryAsync("5.e164.example.net", QueryType.NAPTR)).Header.ResponseCode);
        }

        Assert.True(catalog.TryPublish(new RangeDefinition("e164", "5001", [new RouteDefinition("sip:${NUMBER}@pbx-e.example.net", 0, null)]), out _, out var errors, out _), string.Join("; ", errors));

        var published = await client.QueryAsync("1.0.0.5.e164.example.net", QueryType.NAPTR);
        var above = await client.QueryAsync("5.e164.example.net", QueryType.NAPTR);
        Assert.Equal(DnsHeaderResponseCode.NoError, published.Header.ResponseCode);
        Assert.Contains(published.Answers.NAPtrRecords(), r => r.RegularExpression == "!^.*$!sip:5001@pbx-e.example.net!");
        Assert.Equal(DnsHeaderResponseCode.NoError, above.Header.ResponseCode);
        Assert.Empty(above.Answers);
        Assert.True(Assert.Single((await client.QueryAsync("e164.example.net", QueryType.SOA)).Answers.SoaRecords()).Serial > serial);

        Assert.True(catalog.TryWithdraw("e164", "5001", out var error), error);

        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, (await client.QueryAsync("1.0.0.5.e164.example.net", QueryType.NAPTR)).Header.ResponseCode);
    }
}
