using System.Globalization;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>Two nodes peering over IPv6 loopback.</summary>
public sealed class DundiIpv6Tests : IDisposable
{
    private static readonly NodeId A = NodeId.Parse("00:00:5e:00:53:c0");
    private static readonly NodeId B = NodeId.Parse("00:00:5e:00:53:c1");
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Ipv6Loopback_ANumberPublishedOnB_ResolvesOnA()
    {
        await using var b = await TestNode.StartAsync(_temp.Data("b"), new Dictionary<string, string?>
        {
            ["Node:Id"] = B.ToString(),
            ["Dundi:Listen"] = "[::1]:0",
            ["Dundi:Peers:0:Id"] = A.ToString(),
            ["Dundi:Peers:0:Host"] = "::1",
            ["Dundi:Peers:0:Model"] = "inbound",
            ["Dundi:Peers:0:Permit:0"] = "e164",
            ["Dundi:Peers:0:Qualify"] = "false",
            ["Ranges:0:Pattern"] = "+15550100000-+15550199999",
            ["Ranges:0:Routes:0:Uri"] = "sip:${NUMBER}@[2001:db8::20]:5060",
        });
        await using var a = await TestNode.StartAsync(_temp.Data("a"), new Dictionary<string, string?>
        {
            ["Node:Id"] = A.ToString(),
            ["Dundi:Listen"] = "[::1]:0",
            ["Dundi:Peers:0:Id"] = B.ToString(),
            ["Dundi:Peers:0:Host"] = "::1",
            ["Dundi:Peers:0:Port"] = b.DundiAddress.Port.ToString(CultureInfo.InvariantCulture),
            ["Dundi:Peers:0:Model"] = "outbound",
            ["Dundi:Peers:0:Include:0"] = "e164",
            ["Dundi:Peers:0:Qualify"] = "true",
        });

        var json = await a.Http.GetStringAsync(new Uri("/lookup/%2B15550100042?format=json", UriKind.Relative));

        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetworkV6, a.DundiAddress.AddressFamily);
        Assert.Contains("\"uri\":\"sip:15550100042@[2001:db8::20]:5060\"", json, StringComparison.Ordinal);
        Assert.Contains($"\"answeredBy\":\"{B}\"", json, StringComparison.Ordinal);
    }
}
