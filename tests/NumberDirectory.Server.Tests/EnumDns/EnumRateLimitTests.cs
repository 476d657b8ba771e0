using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Server.EnumDns;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>
/// Response rate limiting on the ENUM door's UDP side: a flood from one network gets its limit in full
/// answers, then every second answer truncated (TC) and the rest nothing, while a client of another
/// /24 is answered in full; trusted networks are never limited. The clock is fake and stands still, so
/// the whole flood falls in one second.
/// </summary>
public sealed class EnumRateLimitTests : IDisposable
{
    private const string Name = "1.0.0.4.e164.example.net";
    private readonly TempDirectory _temp = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public void Dispose() => _temp.Dispose();

    private async Task<TestNode> StartAsync(bool loopbackTrusted)
    {
        var settings = Ranges.Config(("_4XXX", "sip:${NUMBER}@pbx.example.net", 0));
        settings["Enum:RateLimit:ResponsesPerSecond"] = "10";
        settings["Enum:RateLimit:Slip"] = "2";
        if (!loopbackTrusted)
        {
            settings["Enum:RateLimit:TrustedNetworks:0"] = "192.0.2.0/24";
        }

        return await TestNode.StartAsync(_temp.Data(), settings, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(_time)));
    }

    /// <summary>Sends <paramref name="count"/> queries from <paramref name="from"/> and collects what comes back until <paramref name="expected"/> answers arrived.</summary>
    private static async Task<List<DnsMessage>> FloodAsync(IPEndPoint door, IPAddress from, int count, int expected)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(from, 0));
        var query = DnsQueryParserTests.Query(Name, additional: DnsQueryParserTests.Opt(), additionalCount: 1);
        for (var i = 0; i < count; i++)
        {
            await socket.SendToAsync(query, SocketFlags.None, door);
        }

        var answers = new List<DnsMessage>();
        var buffer = new byte[2048];
        using var timeout = new CancellationTokenSource(EnumClient.Timeout);
        while (answers.Count < expected)
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            Assert.True(received <= query.Length || !DnsMessage.Parse(buffer[..received]).IsTruncated, "a truncated answer larger than the query");
            answers.Add(DnsMessage.Parse(buffer[..received]));
        }

        return answers;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        // The door counts a dropped answer when it decides it; nothing is sent to wait on.
        using var timeout = new CancellationTokenSource(EnumClient.Timeout);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    [Fact]
    public async Task FloodFromOneNetwork_GetsItsLimitThenTruncatedSlips_WhileAnotherNetworkIsAnsweredInFull()
    {
        await using var node = await StartAsync(loopbackTrusted: false);
        var limiter = node.Services.GetRequiredService<EnumListener>().RateLimiter;

        // 10 full answers, then of the 40 over the limit every second one truncated: 30 answers in all.
        var flood = await FloodAsync(node.Enum, IPAddress.Loopback, 50, 30);
        await WaitForAsync(() => limiter.Dropped + limiter.Slipped == 40);
        var other = await FloodAsync(node.Enum, IPAddress.Parse("127.0.1.1"), 10, 10);
        var metrics = await MetricsScrape.TakeAsync(node);

        Assert.Equal(10, flood.Count(m => !m.IsTruncated && m.AnswerRecords.Count > 0));
        Assert.Equal(20, flood.Count(m => m.IsTruncated && m.AnswerRecords.Count == 0 && m.Questions.Single().Name.ToString() == Name + "."));
        Assert.Equal((20, 20), (limiter.Dropped, limiter.Slipped));
        Assert.All(other, m => Assert.False(m.IsTruncated));
        Assert.All(other, m => Assert.NotEmpty(m.AnswerRecords));
        Assert.Equal(20, metrics["numberdirectory_enum_rate_limited_total{action=\"drop\"}"]);
        Assert.Equal(20, metrics["numberdirectory_enum_rate_limited_total{action=\"slip\"}"]);
    }

    [Fact]
    public async Task NextSecond_TheNetworkIsAnsweredAgain()
    {
        await using var node = await StartAsync(loopbackTrusted: false);
        await FloodAsync(node.Enum, IPAddress.Loopback, 12, 11);

        _time.Advance(TimeSpan.FromSeconds(1));
        var later = await FloodAsync(node.Enum, IPAddress.Loopback, 10, 10);

        Assert.All(later, m => Assert.False(m.IsTruncated));
    }

    [Fact]
    public async Task TrustedNetwork_LoopbackByDefault_IsNeverLimited()
    {
        await using var node = await StartAsync(loopbackTrusted: true);

        var answers = await FloodAsync(node.Enum, IPAddress.Loopback, 50, 50);

        Assert.All(answers, m => Assert.False(m.IsTruncated));
        Assert.Equal(0, node.Services.GetRequiredService<EnumListener>().RateLimiter.Dropped);
    }

    [Fact]
    public void Table_StaysItsSize_UnderManyNetworks_AndTheirChurnCannotResetAnother()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var limiter = new EnumRateLimiter(new EnumRateLimitOptions { ResponsesPerSecond = 5, Slip = 0, TableSize = 64, TrustedNetworks = ["192.0.2.0/24"] }, time, NullLogger<EnumRateLimiter>.Instance);
        var victim = Address("10.0.0.1");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(RateLimitAction.Answer, limiter.Decide(victim));
        }

        for (var n = 0; n < 100_000; n++)
        {
            limiter.Decide(Address($"10.{(n >> 8) & 255}.{n & 255}.1"));
        }

        Assert.Equal(64, limiter.Capacity);
        Assert.Equal(RateLimitAction.Drop, limiter.Decide(victim));
    }

    [Fact]
    public async Task BadOptions_StopStartNamingEachOne()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Enum:RateLimit:ResponsesPerSecond"] = "-1",
            ["Enum:RateLimit:Slip"] = "11",
            ["Enum:RateLimit:Ipv4PrefixLength"] = "33",
            ["Enum:RateLimit:TrustedNetworks:0"] = "not-a-network",
        };

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TestNode.StartAsync(_temp.Data(), settings));

        foreach (var key in new[] { "Enum:RateLimit:ResponsesPerSecond", "Enum:RateLimit:Slip", "Enum:RateLimit:Ipv4PrefixLength", "Enum:RateLimit:TrustedNetworks:0" })
        {
            Assert.Contains(key, failure.Message, StringComparison.Ordinal);
        }
    }

    private static SocketAddress Address(string ip) => new IPEndPoint(IPAddress.Parse(ip), 5353).Serialize();
}
