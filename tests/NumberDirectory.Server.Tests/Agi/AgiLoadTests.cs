using System.Globalization;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Server.Agi;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Agi;

/// <summary>Many calls at once on one node, over loopback, with the default limits.</summary>
public sealed class AgiLoadTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Sessions_AThousandAtOnce_AllAnsweredAndAllClosed()
    {
        const int Sessions = 1000;
        await using var node = await TestNode.StartAsync(_temp.Data(), Ranges.Config(("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 10)));
        var numbers = Enumerable.Range(0, Sessions).Select(i => (4000 + i).ToString(CultureInfo.InvariantCulture)).ToArray();

        var results = await Task.WhenAll(numbers.Select(n => Task.Run(() => AgiTestClient.LookupAsync(node.Agi, n)))).WaitAsync(TimeSpan.FromSeconds(120));

        for (var i = 0; i < Sessions; i++)
        {
            Assert.Equal("FOUND", results[i].GetValueOrDefault("ND_STATUS"));
            Assert.Equal($"IAX2/pbx-b.example.net/{numbers[i]}", results[i]["ND_DIAL"]);
        }

        var listener = node.Services.GetRequiredService<AgiListener>();
        await listener.WhenIdleAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, listener.ActiveSessions);
        Assert.Equal(Sessions, node.Services.GetRequiredService<NodeMetrics>().Lookups("agi", LookupStatus.Found));
        Assert.DoesNotContain("numberdirectory_rejected_total{door=\"agi\"", await node.Services.GetRequiredService<NodeMetrics>().RenderAsync(), StringComparison.Ordinal);
    }
}
