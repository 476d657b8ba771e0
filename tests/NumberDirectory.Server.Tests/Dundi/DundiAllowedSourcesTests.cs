using System.Net;
using NumberDirectory.Server.Dundi;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>Which senders reach the DUNDi door (tested on addresses: the tests send nothing beyond loopback).</summary>
public class DundiAllowedSourcesTests
{
    private static readonly Func<IPAddress, bool> Allowed = DundiExtensions.AllowedSources(new DundiOptions
    {
        AllowedClients = ["198.51.100.0/24"],
        Peers = [new DundiPeerOptions { Id = "00:00:5e:00:53:0b", Host = "192.0.2.20" }, new DundiPeerOptions { Id = "00:00:5e:00:53:0c", Host = "dynamic" }],
    });

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("192.0.2.20", true)]
    [InlineData("::ffff:192.0.2.20", true)]
    [InlineData("198.51.100.77", true)]
    [InlineData("192.0.2.21", false)]
    [InlineData("203.0.113.5", false)]
    [InlineData("2001:db8::1", false)]
    public void AllowedSources_LoopbackPeersAndListedNetworks(string address, bool allowed) =>
        Assert.Equal(allowed, Allowed(IPAddress.Parse(address)));
}
