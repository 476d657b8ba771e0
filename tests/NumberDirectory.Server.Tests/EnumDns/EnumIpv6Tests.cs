using System.Net;
using DnsClient;

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>The door on IPv6, alone and dual-mode: the allow-list reads both kinds of client address.</summary>
public sealed class EnumIpv6Tests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("[::1]:0", "::1")]
    [InlineData("[::]:0", "::1")]
    [InlineData("[::]:0", "127.0.0.1")]
    public async Task Listen_Ipv6OrDualMode_AnswersOverUdpAndTcp(string listen, string client)
    {
        var settings = Ranges.Config(("4001", "sip:${NUMBER}@pbx-b.example.net", 0));
        settings["Enum:Listen"] = listen;
        await using var node = await TestNode.StartAsync(_temp.Data(), settings);
        var door = new IPEndPoint(IPAddress.Parse(client), node.Enum.Port);

        var udp = await EnumClient.For(door).QueryAsync("1.0.0.4.e164.example.net", QueryType.NAPTR);
        var tcp = await EnumClient.For(door, tcpOnly: true).QueryAsync("1.0.0.4.e164.example.net", QueryType.NAPTR);

        Assert.Equal(2, udp.Answers.Count);
        Assert.Equal(2, tcp.Answers.Count);
    }
}
