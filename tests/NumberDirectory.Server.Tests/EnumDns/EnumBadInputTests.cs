using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using DnsClient;

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>Garbage, mutated queries and strangers: counted, answered FORMERR or not at all, and the door keeps answering.</summary>
public sealed class EnumBadInputTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task MutatedQueryStream_CountedAndTheNextValidQueryAnswered()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), Ranges.Config(("4001", "sip:${NUMBER}@pbx-b.example.net", 0)));
        var before = await MetricsScrape.TakeAsync(node);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(node.Enum);
        var random = new Random(3403);
        var seeds = new[]
        {
            EnumFixture.Load(EnumFixture.AsteriskQuery),
            DnsQueryParserTests.Query("1.0.0.4.e164.example.net", additional: DnsQueryParserTests.Opt(), additionalCount: 1),
        };
        List<byte[]> special =
        [
            [],
            [0x12],
            seeds[0][..12],
            [.. seeds[0][..12], 0xC0, 0x0C, 0, 35, 0, 1],
            [.. seeds[0][..4], 0, 0, .. seeds[0][6..]],
            [.. seeds[0][..4], 0, 2, .. seeds[0][6..]],
            [.. seeds[0][..10], 0xFF, 0xFF, .. seeds[0][12..]],
            DnsQueryParserTests.Query(string.Join('.', Enumerable.Repeat(new string('a', 63), 4))),
            [.. seeds[0][..12], 64, .. new byte[64], 0, 0, 35, 0, 1],
        ];
        for (var i = 0; i < 3000; i++)
        {
            byte[] packet;
            if (i < special.Count)
            {
                packet = special[i];
            }
            else if (i % 3 == 0)
            {
                packet = new byte[random.Next(0, 600)];
                random.NextBytes(packet);
            }
            else
            {
                packet = [.. seeds[i % 2]];
                for (var flips = random.Next(1, 5); flips > 0; flips--)
                {
                    packet[random.Next(packet.Length)] = (byte)random.Next(256);
                }

                packet = packet[..random.Next(1, packet.Length + 1)];
            }

            await socket.SendAsync(packet, SocketFlags.None);
            if (i % 100 == 99)
            {
                // Some of those got FORMERR or answers; the valid query after them gets its own. In
                // batches, so the flood stays within the socket's receive buffer.
                var answer = DnsMessage.Parse(await EnumClient.UdpAsync(node.Enum, DnsQueryParserTests.Query("1.0.0.4.e164.example.net", id: (ushort)i)));
                Assert.Equal(ReturnCode.NoError, answer.ReturnCode);
                Assert.Equal(2, answer.AnswerRecords.Count);
            }
        }

        var after = await MetricsScrape.TakeAsync(node);
        Assert.True(after.Since(before, "numberdirectory_rejected_total{door=\"enum\",reason=\"malformed\"}") >= 5, after.Text);
        Assert.True(after.Since(before, "numberdirectory_rejected_total{door=\"enum\",reason=\"not-a-query\"}") >= 2, after.Text);
        Assert.True(after["numberdirectory_enum_responses_total{rcode=\"formerr\",transport=\"udp\"}"] >= 5, after.Text);
    }

    [Fact]
    public async Task MalformedQuery_FormerrEchoingTheId()
    {
        await using var node = await TestNode.StartAsync(_temp.Data());
        var query = DnsQueryParserTests.Query("1.0.0.4.e164.example.net", id: 0x4242);
        query[5] = 2;

        var bytes = await EnumClient.UdpAsync(node.Enum, query);

        Assert.Equal([0x42, 0x42, 0x81, 0x01], bytes[..4]);
        Assert.Equal(12, bytes.Length);
    }

    [Fact]
    public async Task MalformedQueryOverTcp_FormerrCountedAsTcp()
    {
        await using var node = await TestNode.StartAsync(_temp.Data());
        var query = DnsQueryParserTests.Query("1.0.0.4.e164.example.net", id: 0x4343);
        query[5] = 2;

        var answer = Assert.Single(await EnumClient.TcpAsync(node.Enum, query));

        Assert.Equal([0x43, 0x43, 0x81, 0x01], answer[..4]);
        var metrics = await MetricsScrape.TakeAsync(node);
        Assert.Equal(1, metrics["numberdirectory_enum_responses_total{rcode=\"formerr\",transport=\"tcp\"}"]);
        Assert.False(metrics.Has("numberdirectory_enum_responses_total{rcode=\"formerr\",transport=\"udp\"}"), metrics.Text);
    }

    [Fact]
    public async Task GarbageOnTcp_ConnectionClosedAndTheDoorStillAnswers()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), Ranges.Config(("4001", "sip:${NUMBER}@pbx-b.example.net", 0)));
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(node.Enum);
            await socket.SendAsync(new byte[] { 0, 5, 0x80, 0, 0, 0, 0 }, SocketFlags.None);
            using var timeout = new CancellationTokenSource(EnumClient.Timeout);
            Assert.Equal(0, await socket.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token));
        }

        var response = await EnumClient.For(node.Enum, tcpOnly: true).QueryAsync("1.0.0.4.e164.example.net", QueryType.NAPTR);
        Assert.Equal(2, response.Answers.Count);
    }

    [Fact]
    public async Task ClientNotAllowed_UdpDroppedAndCountedTcpClosed()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?> { ["Enum:AllowedClients:0"] = "192.0.2.0/24" });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(node.Enum);
        await socket.SendAsync(DnsQueryParserTests.Query("e164.example.net", type: 6), SocketFlags.None);

        using var timeout = new CancellationTokenSource(EnumClient.Timeout);
        while (node.Services.GetRequiredService<NumberDirectory.Server.Hosting.NodeMetrics>().Rejections("enum", "client-not-allowed") < 1)
        {
            await Task.Delay(10, timeout.Token);
        }

        Assert.Equal(0, socket.Available);
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await tcp.ConnectAsync(node.Enum);
        Assert.Equal(0, await tcp.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token));
    }

    [Fact]
    public async Task TcpConnectionCap_OneMoreClosedAtOnce()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?> { ["Enum:MaxTcpConnections"] = "1" });
        using var first = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await first.ConnectAsync(node.Enum);
        using var timeout = new CancellationTokenSource(EnumClient.Timeout);
        var listener = node.Services.GetRequiredService<NumberDirectory.Server.EnumDns.EnumListener>();
        while (listener.TcpConnections < 1)
        {
            await Task.Delay(10, timeout.Token);
        }

        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await second.ConnectAsync(node.Enum);

        Assert.Equal(0, await second.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token));
        Assert.Equal(1, node.Services.GetRequiredService<NumberDirectory.Server.Hosting.NodeMetrics>().Rejections("enum", "tcp-connections"));
    }

    [Fact]
    public async Task IdleTcpConnection_ClosedAfterTheIdleTimeout()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?> { ["Enum:TcpIdleTimeoutMs"] = "200" });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(node.Enum);
        using var timeout = new CancellationTokenSource(EnumClient.Timeout);

        Assert.Equal(0, await socket.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token));
    }
}
