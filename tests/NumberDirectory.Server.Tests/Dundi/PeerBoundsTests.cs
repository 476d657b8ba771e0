using System.Globalization;
using System.Net;
using System.Net.Sockets;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Tests.Dundi;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>
/// What one peer can make the node hold: queries of ours waiting on it, lookups run for it, and the
/// memory of answered queries kept to catch rings — each bounded, and over the bound the door's
/// clear answer at once rather than a queue.
/// </summary>
public sealed class PeerBoundsTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly Socket _blackHole = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public PeerBoundsTests() => _blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    private string BlackHolePort => ((IPEndPoint)_blackHole.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _blackHole.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task PeerThatDoesNotAnswer_NoMoreThanMaxQueriesPerPeerAreSentItTheRestFailAtOnce()
    {
        await using var node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?>
        {
            ["Dundi:MaxQueriesPerPeer"] = "2",
            ["Dundi:Peers:0:Id"] = "00:00:5e:00:53:0d",
            ["Dundi:Peers:0:Host"] = "127.0.0.1",
            ["Dundi:Peers:0:Port"] = BlackHolePort,
            ["Dundi:Peers:0:Model"] = "outbound",
            ["Dundi:Peers:0:Include:0"] = "e164",
            ["Dundi:Peers:0:Qualify"] = "false",
        });

        var lookups = Enumerable.Range(1, 3).Select(i => node.Http.GetAsync(new Uri($"/lookup/500{i}?timeout=2", UriKind.Relative))).ToArray();
        var responses = await Task.WhenAll(lookups);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        Assert.Equal(2, DistinctQueriesAtTheBlackHole());
        var metrics = await node.Services.GetRequiredService<NodeMetrics>().RenderAsync();
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("numberdirectory_peer_queries_total{", StringComparison.Ordinal)
            && line.Contains("outcome=\"overloaded\"", StringComparison.Ordinal) && line.EndsWith(" 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PeerOverItsShareOfLookups_IsRefusedWithCauseGeneralAtOnce()
    {
        await using var node = await StartAnsweringNodeAsync(("Dundi:MaxQueriesPerPeer", "1"));
        using var peer = new WireProbe(node.DundiAddress);

        // Neither number is published here: each lookup waits on the silent peer until its budget.
        peer.Send(Query(0x0101, "5001"));
        peer.Send(Query(0x0102, "5002"));
        var refusal = await AnswerToAsync(peer, 0x0102);

        Assert.Equal(new DundiCause(DundiCauseCode.General, DundiResponder.PeerBusy), refusal.Cause);
        Assert.Equal(1, node.Services.GetRequiredService<NodeMetrics>().Rejections("dundi", "peer-busy"));
        var first = await AnswerToAsync(peer, 0x0101);
        Assert.Null(first.Cause);
        Assert.Equal(0, node.Services.GetRequiredService<DundiPeerTable>().All.Single(p => p.Id.ToString() == "02:00:00:00:00:0a").LookupsIn);
    }

    [Fact]
    public async Task ManyAnsweredQueries_TheRingMemoryStopsAtMaxRecentQueries()
    {
        await using var node = await StartAnsweringNodeAsync(("Dundi:MaxRecentQueries", "16"), ("Ranges:0:Pattern", "_4XXX"), ("Ranges:0:Routes:0:Uri", "iax2:pbx-b.example.net/${NUMBER}"));
        using var peer = new WireProbe(node.DundiAddress);

        for (var i = 0; i < 40; i++)
        {
            var id = (ushort)(0x0200 + i);
            peer.Send(Query(id, (4000 + i).ToString(CultureInfo.InvariantCulture)));
            var answer = await AnswerToAsync(peer, id);
            Assert.NotEmpty(answer.Answers);
        }

        Assert.Equal(16, node.Services.GetRequiredService<DundiResponder>().RecentCount);
    }

    [Fact]
    public async Task BusyPeer_ItsFinishedExchangesLingeringDoNotCountAgainstTheTransactionCaps()
    {
        await using var node = await StartAnsweringNodeAsync(("Dundi:MaxTransactions", "16"), ("Dundi:MaxTransactionsPerSource", "4"), ("Ranges:0:Pattern", "_4XXX"), ("Ranges:0:Routes:0:Uri", "iax2:pbx-b.example.net/${NUMBER}"));
        using var peer = new WireProbe(node.DundiAddress);

        for (var i = 0; i < 40; i++)
        {
            var id = (ushort)(0x0300 + i);
            peer.Send(Query(id, (4000 + i).ToString(CultureInfo.InvariantCulture)));
            Assert.NotEmpty((await AnswerToAsync(peer, id)).Answers);
        }

        // The last ACK|FINAL may still be on its way; once it is in, nothing is open, all lingers.
        var endpoint = node.Services.GetRequiredService<DundiEndpoint>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (endpoint.OpenedTransactionCount > 0 && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(10);
        }

        Assert.Equal(0, endpoint.OpenedTransactionCount);
        Assert.True(endpoint.TransactionCount >= 16, $"{endpoint.TransactionCount} lingering");
    }

    /// <summary>Node B of the captures, asked by its peer A (the probe on 127.0.0.1), with a silent outbound peer.</summary>
    private Task<TestNode> StartAnsweringNodeAsync(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Node:Id"] = "02:00:00:00:00:0b",
            ["Dundi:Peers:0:Id"] = "02:00:00:00:00:0a",
            ["Dundi:Peers:0:Host"] = "127.0.0.1",
            ["Dundi:Peers:0:Model"] = "inbound",
            ["Dundi:Peers:0:Permit:0"] = "e164",
            ["Dundi:Peers:0:Qualify"] = "false",
            ["Dundi:Peers:1:Id"] = "00:00:5e:00:53:0d",
            ["Dundi:Peers:1:Host"] = "127.0.0.1",
            ["Dundi:Peers:1:Port"] = BlackHolePort,
            ["Dundi:Peers:1:Model"] = "outbound",
            ["Dundi:Peers:1:Include:0"] = "e164",
            ["Dundi:Peers:1:Qualify"] = "false",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return TestNode.StartAsync(_temp.Data(), settings);
    }

    /// <summary>Asterisk A's query of fixture 01, for another number and transaction.</summary>
    private static DundiMessage Query(ushort transaction, string number)
    {
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(1).Wire, out var query, out _));
        return query with
        {
            SourceTransaction = transaction,
            Elements = [.. query.Elements.Select(e => e.Type == DundiIeType.CalledNumber ? DundiElement.CalledNumber(number) : e)],
        };
    }

    /// <summary>The DPRESPONSE to one of our transactions, acknowledged as Asterisk would.</summary>
    private static async Task<DundiMessage> AnswerToAsync(WireProbe peer, ushort transaction)
    {
        while (true)
        {
            var message = await peer.ReceiveAsync() ?? throw new Xunit.Sdk.XunitException($"no answer to transaction {transaction:x4}");
            if (message.Command == DundiCommand.DpResponse && message.DestinationTransaction == transaction)
            {
                peer.Send(new DundiMessage { SourceTransaction = transaction, DestinationTransaction = message.SourceTransaction, InboundSequence = 1, OutboundSequence = 1, Command = DundiCommand.Ack, IsFinal = true });
                return message;
            }
        }
    }

    private int DistinctQueriesAtTheBlackHole()
    {
        var ids = new HashSet<ushort>();
        var buffer = new byte[9000];
        while (_blackHole.Available > 0)
        {
            var length = _blackHole.Receive(buffer);
            if (DundiCodec.TryDecode(buffer.AsSpan(0, length), out var message, out _) && message.Command == DundiCommand.DpDiscover)
            {
                ids.Add(message.SourceTransaction);
            }
        }

        return ids.Count;
    }
}
