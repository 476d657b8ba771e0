using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.EnumDns;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>
/// NOTIFY to a zone's secondaries (RFC 1996): sent once a burst of changes is over, sent again after
/// 1, 2, 4 … seconds while the secondary stays silent, and no more once it answered. On a fake clock.
/// </summary>
public sealed class ZoneNotifyTests : IDisposable
{
    private const string Zone = "e164.example.net";
    private readonly TempDirectory _temp = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly Socket _secondary = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public ZoneNotifyTests() => _secondary.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public void Dispose()
    {
        _secondary.Dispose();
        _temp.Dispose();
    }

    private async Task<TestNode> StartAsync()
    {
        var settings = ZoneTransferTests.LocalZone(("_4XXX", "sip:${NUMBER}@pbx-a.example.net", 0));
        settings["Enum:Zones:0:Notify:0"] = ((IPEndPoint)_secondary.LocalEndPoint!).ToString();
        return await TestNode.StartAsync(_temp.Data(), settings, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(_time)));
    }

    private async Task<(DnsMessage Message, byte[] Raw, EndPoint From)> ReceiveAsync()
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(EnumClient.Timeout);
        var received = await _secondary.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        var raw = buffer[..received.ReceivedBytes];
        return (DnsMessage.Parse(raw), raw, received.RemoteEndPoint);
    }

    private async Task AnswerAsync(byte[] notify, EndPoint to)
    {
        var answer = notify.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(answer.AsSpan(2), (ushort)(0x8000 | (4 << 11) | 0x0400));
        await _secondary.SendToAsync(answer, SocketFlags.None, to);
    }

    [Fact]
    public async Task SilentSecondary_IsNotifiedAgainWithBackoff_UntilItAnswers_ThenNoMore()
    {
        await using var node = await StartAsync();
        var notifier = node.Services.GetRequiredService<EnumNotifier>();
        var acknowledged = new TaskCompletionSource<uint>(TaskCreationOptions.RunContinuationsAsynchronously);
        notifier.Acknowledged += (_, _, serial) => acknowledged.TrySetResult(serial);

        _time.Advance(EnumNotifier.Coalesce);
        var first = await ReceiveAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await ReceiveAsync();
        _time.Advance(TimeSpan.FromSeconds(2));
        var third = await ReceiveAsync();
        Assert.Equal(3, notifier.Sent);
        _time.Advance(TimeSpan.FromSeconds(3.9));
        Assert.Equal(3, notifier.Sent);

        await AnswerAsync(third.Raw, third.From);
        var serial = await acknowledged.Task.WaitAsync(EnumClient.Timeout);
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(3, notifier.Sent);
        foreach (var (message, _, _) in new[] { first, second, third })
        {
            Assert.Equal(OperationCode.Notify, message.OperationCode);
            Assert.True(message.IsAuthoritiveAnswer);
            Assert.Equal(Zone + ".", Assert.Single(message.Questions).Name.ToString());
            Assert.Equal(RecordType.Soa, message.Questions[0].RecordType);
            Assert.Equal(serial, Assert.IsType<SoaRecord>(Assert.Single(message.AnswerRecords)).SerialNumber);
        }

        Assert.Equal(3, new[] { first, second, third }.Select(n => n.Message.TransactionID).Distinct().Count());
    }

    [Fact]
    public async Task BurstOfChanges_MakesOneNotify_CarryingTheLastSerial()
    {
        await using var node = await StartAsync();
        var notifier = node.Services.GetRequiredService<EnumNotifier>();
        var acknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        notifier.Acknowledged += (_, _, _) => acknowledged.TrySetResult();
        _time.Advance(EnumNotifier.Coalesce);
        var atStart = await ReceiveAsync();
        await AnswerAsync(atStart.Raw, atStart.From);
        await acknowledged.Task.WaitAsync(EnumClient.Timeout);

        var catalog = node.Services.GetRequiredService<RangeCatalog>();
        for (var i = 0; i < 5; i++)
        {
            Assert.True(catalog.TryPublish(new RangeDefinition("e164", $"_5{i}XX", [new RouteDefinition("sip:${NUMBER}@pbx-b.example.net", 0, null)]), out _, out var errors, out _), string.Join("; ", errors));
        }

        _time.Advance(EnumNotifier.Coalesce);
        var notify = await ReceiveAsync();

        Assert.Equal(2, notifier.Sent);
        Assert.Equal(node.Services.GetRequiredService<EnumZoneSet>().Serial, Assert.IsType<SoaRecord>(Assert.Single(notify.Message.AnswerRecords)).SerialNumber);
    }
}
