using System.Net;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Hosting;

public sealed class ClientNetworksTests
{
    [Theory]
    [InlineData("192.0.2.0/24", "192.0.2.77", true)]
    [InlineData("192.0.2.0/24", "192.0.3.1", false)]
    [InlineData("198.51.96.0/20", "198.51.111.255", true)]
    [InlineData("198.51.96.0/20", "198.51.112.0", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("192.0.2.0/24", "::ffff:192.0.2.9", true)]
    [InlineData("192.0.2.0/24", "2001:db8::1", false)]
    [InlineData("0.0.0.0/0", "203.0.113.5", true)]
    public void AllowsSocketAddress_SameAnswerAsForTheIpAddress(string network, string client, bool allowed)
    {
        var networks = ClientNetworks.From([network]);
        var address = IPAddress.Parse(client);

        Assert.Equal(allowed, networks.Allows(new IPEndPoint(address, 5300).Serialize()));
        Assert.Equal(allowed, networks.Allows(address));
    }
}
