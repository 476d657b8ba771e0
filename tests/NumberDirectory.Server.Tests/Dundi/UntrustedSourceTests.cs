using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Tests.Dundi;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>
/// What a source that is not an authenticated peer can make the DUNDi door do: nothing that lasts,
/// at most one reply per packet, never more bytes than it sent, and only its share of replies. The
/// node is B of the captures (02:00:00:00:00:0b); A (…0a) is its peer at 127.0.0.1.
/// </summary>
public sealed class UntrustedSourceTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private TestNode _node = null!;

    private DundiEndpoint Endpoint => _node.Services.GetRequiredService<DundiEndpoint>();

    private NodeMetrics Metrics => _node.Services.GetRequiredService<NodeMetrics>();

    public async Task InitializeAsync() =>
        _node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?>
        {
            ["Node:Id"] = "02:00:00:00:00:0b",
            ["Dundi:Peers:0:Id"] = "02:00:00:00:00:0a",
            ["Dundi:Peers:0:Host"] = "127.0.0.1",
            ["Dundi:Peers:0:Model"] = "inbound",
            ["Dundi:Peers:0:Permit:0"] = "e164",
            ["Dundi:Peers:0:Qualify"] = "false",
            ["Ranges:0:Pattern"] = "_4XXX",
            ["Ranges:0:Routes:0:Uri"] = "iax2:pbx-b.example.net/${NUMBER}",
        });

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _temp.Dispose();
    }

    private static byte[] HeaderOnlyDiscover(ushort transaction, byte oseqno) =>
        DundiCodec.Encode(new DundiMessage { SourceTransaction = transaction, OutboundSequence = oseqno, Command = DundiCommand.DpDiscover });

    [Fact]
    public async Task FloodOfOpeningsThatAreNeverAnswered_LeavesNoTransactionsAndPeersKeepBeingServed()
    {
        // 40,000 eight-byte DPDISCOVERs numbered 1: not the first packet of any transaction. Before,
        // each one held a transaction with no timer for ever, and 32,767 of them used up every id.
        using var flood = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        flood.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        var sent = 0;
        for (var i = 0; i < 40_000; i++)
        {
            flood.SendTo(HeaderOnlyDiscover((ushort)(1 + (i % 32766)), oseqno: 1), _node.DundiAddress);
            sent++;
            if (i % 250 == 249)
            {
                // A socket buffer holds a few hundred datagrams: let the node drain it now and then,
                // so most of the flood is handled rather than dropped by the kernel.
                await UntilSettledAsync(() => Metrics.Rejections("dundi", "bad-opening-sequence"));
            }
        }

        await UntilSettledAsync(() => Metrics.Rejections("dundi", "bad-opening-sequence"));
        Assert.True(Metrics.Rejections("dundi", "bad-opening-sequence") > sent / 2, $"{Metrics.Rejections("dundi", "bad-opening-sequence")} of {sent} counted");
        Assert.Equal(0, Endpoint.TransactionCount);

        // The peer's query and qualify probe are still answered.
        using var peer = new WireProbe(_node.DundiAddress);
        peer.Send(HexFixture.Number(1).Wire);
        var answer = await peer.ReceiveAnswerAsync();
        Assert.Equal(DundiCommand.DpResponse, answer.Command);
        Assert.NotEmpty(answer.Answers);
        peer.Send(HexFixture.Number(32).Wire);
        var ack = await peer.ReceiveAsync();
        Assert.Equal((DundiCommand.Ack, true), (ack!.Command, ack.IsFinal));

        // Once the peer's exchanges are over (acknowledged, lingered), nothing is left open at all.
        peer.Send(new DundiMessage { SourceTransaction = answer.DestinationTransaction, DestinationTransaction = answer.SourceTransaction, InboundSequence = 1, OutboundSequence = 1, Command = DundiCommand.Ack, IsFinal = true });
        await WhenAsync(() => Endpoint.TransactionCount == 0, TimeSpan.FromSeconds(20));
        Assert.Equal(0, Endpoint.TransactionCount);
        Assert.Equal(0, Endpoint.OpenedTransactionCount);
        Assert.Contains("numberdirectory_dundi_transactions 0\n", await Metrics.RenderAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(15, "unknown EID")]
    [InlineData(1, "peer's EID from another address")]
    public async Task RefusedQueryFromAnUnauthenticatedSource_OneReplyWithTheAckFoldedInNeverLargerNeverRetransmitted(int fixture, string why)
    {
        var query = HexFixture.Number(fixture).Wire;
        using var probe = new WireProbe(_node.DundiAddress, IPAddress.Parse("127.0.0.3"));
        probe.Send(query);

        var replies = await AllRepliesAsync(probe, TimeSpan.FromSeconds(2));

        var reply = Assert.Single(replies);
        Assert.True(DundiCodec.TryDecode(reply, out var refusal, out _), why);
        Assert.Equal((DundiCommand.DpResponse, true, (byte)1), (refusal.Command, refusal.IsFinal, refusal.InboundSequence));
        Assert.Equal(DundiCauseCode.NoAuth, refusal.Cause!.Code);
        Assert.True(reply.Length <= query.Length, $"{reply.Length} bytes back for {query.Length}");
        Assert.Equal(0, Endpoint.TransactionCount);
    }

    [Fact]
    public async Task HeaderOnlyQuery_TooShortToCarryARefusal_IsDroppedAndCounted()
    {
        using var probe = new WireProbe(_node.DundiAddress, IPAddress.Parse("127.0.0.3"));
        probe.Send(HeaderOnlyDiscover(0x0101, oseqno: 0));

        Assert.Empty(await AllRepliesAsync(probe, TimeSpan.FromSeconds(2)));
        Assert.Equal(1, Metrics.Rejections("dundi", "reply-larger-than-query"));
        Assert.Equal(0, Endpoint.TransactionCount);
    }

    [Fact]
    public async Task ManyRefusedQueriesFromOneSource_OnlyItsShareIsAnswered()
    {
        var query = HexFixture.Number(15).Wire;
        using var probe = new WireProbe(_node.DundiAddress, IPAddress.Parse("127.0.0.4"));
        for (var i = 0; i < 200; i++)
        {
            var copy = (byte[])query.Clone();
            copy[0] = (byte)(0x10 + (i >> 8));
            copy[1] = (byte)i;
            probe.Send(copy);
        }

        await WhenAsync(() => Metrics.Rejections("dundi", "unknown-eid") == 200, TimeSpan.FromSeconds(10));
        var replies = await AllRepliesAsync(probe, TimeSpan.FromSeconds(1));

        // The default share: a burst of 20, then 10 a second.
        Assert.InRange(replies.Count, 20, 40);
        Assert.Equal(200 - replies.Count, Metrics.Rejections("dundi", "reply-rate-limited"));

        // Another source still gets its answer.
        using var other = new WireProbe(_node.DundiAddress, IPAddress.Parse("127.0.0.5"));
        other.Send(query);
        Assert.Single(await AllRepliesAsync(other, TimeSpan.FromSeconds(1)));
    }

    private static async Task<List<byte[]>> AllRepliesAsync(WireProbe probe, TimeSpan quiet)
    {
        var replies = new List<byte[]>();
        while (await probe.ReceiveRawAsync(quiet) is { } reply)
        {
            replies.Add(reply);
        }

        return replies;
    }

    /// <summary>Waits, bounded, until a counter the node moves stops moving.</summary>
    private static async Task UntilSettledAsync(Func<long> counter)
    {
        var clock = Stopwatch.StartNew();
        var last = -1L;
        while (counter() is var now && now != last && clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            last = now;
            await Task.Delay(5);
        }
    }

    /// <summary>Waits, bounded, for a condition the node reaches by itself.</summary>
    private static async Task WhenAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < limit)
        {
            await Task.Delay(20);
        }
    }
}
