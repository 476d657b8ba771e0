using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;
using NumberDirectory.Core.Tests.Dundi;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>
/// The node in the place of Asterisk node B (EID 02:00:00:00:00:0b) receives the very bytes stock
/// Asterisk and the capture probe sent B, and must answer as the captures show.
/// </summary>
public sealed class DundiAsteriskWireTests : IAsyncLifetime
{
    private static readonly NodeId A = NodeId.Parse("02:00:00:00:00:0a");
    private static readonly NodeId B = NodeId.Parse("02:00:00:00:00:0b");
    private static readonly NodeId C = NodeId.Parse("02:00:00:00:00:0c");
    private readonly TempDirectory _temp = new();
    private TestNode _node = null!;
    private WireProbe _probe = null!;

    public async Task InitializeAsync()
    {
        _node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?>
        {
            ["Node:Id"] = B.ToString(),
            ["Lookup:LocalAnswerTtlSeconds"] = "300",
            ["Dundi:Contact:Organization"] = "Test Node B",
            ["Dundi:Contact:Locality"] = "Loopback",
            ["Dundi:Contact:Country"] = "ZZ",
            ["Dundi:Peers:0:Id"] = A.ToString(),
            ["Dundi:Peers:0:Host"] = "127.0.0.1",
            ["Dundi:Peers:0:Model"] = "inbound",
            ["Dundi:Peers:0:Permit:0"] = "e164",
            ["Dundi:Peers:0:Permit:1"] = "private",
            ["Dundi:Peers:0:Qualify"] = "false",
            ["Dundi:Peers:1:Id"] = C.ToString(),
            ["Dundi:Peers:1:Host"] = "127.0.0.1",
            ["Dundi:Peers:1:Port"] = "9",
            ["Dundi:Peers:1:Model"] = "outbound",
            ["Dundi:Peers:1:Include:0"] = "e164",
            ["Dundi:Peers:1:Qualify"] = "false",
            ["Ranges:0:Pattern"] = "_4XXX",
            ["Ranges:0:Routes:0:Uri"] = "iax2:127.0.0.1:4570/${NUMBER}",
            ["Ranges:0:Routes:0:Weight"] = "10",
            ["Ranges:0:Routes:1:Uri"] = "sip:${NUMBER}@127.0.0.1:5060",
            ["Ranges:0:Routes:1:Weight"] = "20",
        });
        _probe = new WireProbe(_node.DundiAddress);
    }

    public async Task DisposeAsync()
    {
        _probe.Dispose();
        await _node.DisposeAsync();
        _temp.Dispose();
    }

    private static DundiMessage Fixture(int number)
    {
        Assert.True(DundiCodec.TryDecode(HexFixture.Number(number).Wire, out var message, out _));
        return message;
    }

    [Fact]
    public async Task Fixture01_AsterisksLookup_IsAckedThenAnsweredWithBothRoutes()
    {
        var query = Fixture(1);
        _probe.Send(HexFixture.Number(1).Wire);

        var ack = await _probe.ReceiveAsync();
        var answer = await _probe.ReceiveAnswerAsync();

        // As fixture 02: an immediate ACK naming their transaction and expecting their next packet.
        Assert.NotNull(ack);
        Assert.Equal((DundiCommand.Ack, false, query.SourceTransactionId, (byte)1, (byte)0), (ack.Command, ack.IsFinal, ack.DestinationTransaction, ack.InboundSequence, ack.OutboundSequence));

        // As fixture 03: DPRESPONSE|FINAL, both answers from B, HINT UNAFFECTED, EXPIRATION 300.
        Assert.Equal((DundiCommand.DpResponse, true, query.SourceTransactionId, (byte)1, (byte)0), (answer.Command, answer.IsFinal, answer.DestinationTransaction, answer.InboundSequence, answer.OutboundSequence));
        Assert.Equal(ack.SourceTransaction, answer.SourceTransaction);
        Assert.Equal(
            [(DundiProtocol.Iax, (ushort)10, "127.0.0.1:4570/4001"), (DundiProtocol.Sip, (ushort)20, "4001@127.0.0.1:5060")],
            answer.Answers.Select(a => (a.Protocol, a.Weight, a.Destination)).ToArray());
        Assert.All(answer.Answers, a => Assert.Equal(B, a.Eid));
        Assert.All(answer.Answers, a => Assert.True(a.Flags.HasFlag(RouteFlags.Exists)));
        Assert.Equal(LookupHintKind.Unaffected, answer.Hint!.Flags);
        Assert.Equal((ushort)300, answer.Expiration);

        // As fixture 04, the asker closes with ACK|FINAL; the node accepts it silently.
        _probe.Send(new DundiMessage { SourceTransaction = query.SourceTransaction, DestinationTransaction = answer.SourceTransaction, InboundSequence = 1, OutboundSequence = 1, Command = DundiCommand.Ack, IsFinal = true });
        Assert.Null(await _probe.ReceiveAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task NumberStillBeingDialled_IsAnsweredCanMatchAsAsteriskDoesWithoutNopartial()
    {
        // Asterisk's switch => DUNDi/e164 asks digit by digit when a phone dials overlap.
        var query = Fixture(1);
        _probe.Send(query with
        {
            SourceTransaction = 0x1234,
            Elements = [.. query.Elements.Select(e => e.Type == DundiIeType.CalledNumber ? DundiElement.CalledNumber("40") : e)],
        });

        var answer = await _probe.ReceiveAnswerAsync();

        Assert.Equal(DundiCommand.DpResponse, answer.Command);
        Assert.NotEmpty(answer.Answers);
        Assert.All(answer.Answers, a => Assert.Equal(RouteFlags.CanMatch | RouteFlags.MatchMore, a.Flags));
    }

    [Fact]
    public async Task Fixture01_Retransmitted_IsReAckedAndAnsweredOnce()
    {
        _probe.Send(HexFixture.Number(1).Wire);
        _probe.Send(HexFixture.Number(1).Wire);

        var packets = new List<DundiMessage>();
        while (await _probe.ReceiveAsync(TimeSpan.FromMilliseconds(500)) is { } packet && packets.Count < 10)
        {
            packets.Add(packet);
            if (packet.Command == DundiCommand.DpResponse)
            {
                _probe.Send(new DundiMessage { SourceTransaction = packet.DestinationTransaction, DestinationTransaction = packet.SourceTransaction, InboundSequence = 1, OutboundSequence = 1, Command = DundiCommand.Ack, IsFinal = true });
            }
        }

        Assert.Single(packets, p => p.Command == DundiCommand.DpResponse);
        Assert.Equal(2, packets.Count(p => p.Command == DundiCommand.Ack));
    }

    [Fact]
    public async Task SameTransactionIdAfterTheExchangeEnded_IsANewQueryAndAnsweredAgain()
    {
        var query = Fixture(1);
        for (var round = 0; round < 2; round++)
        {
            _probe.Send(HexFixture.Number(1).Wire);
            var answer = await _probe.ReceiveAnswerAsync();
            Assert.Equal(DundiCommand.DpResponse, answer.Command);
            _probe.Send(new DundiMessage { SourceTransaction = query.SourceTransaction, DestinationTransaction = answer.SourceTransaction, InboundSequence = 1, OutboundSequence = 1, Command = DundiCommand.Ack, IsFinal = true });

            // Let the ACK|FINAL close the exchange before the id is used again.
            Assert.Null(await _probe.ReceiveAsync(TimeSpan.FromMilliseconds(200)));
        }
    }

    [Fact]
    public async Task PermittedContextTheNodeDoesNotServe_IsUnsupported()
    {
        // Fixture 17 asks about context "private": A may ask about it here, but nothing here serves it.
        _probe.Send(HexFixture.Number(17).Wire);

        var answer = await _probe.ReceiveAnswerAsync();

        Assert.Equal(new DundiCause(DundiCauseCode.NoAuth, NumberDirectory.Server.Dundi.DundiResponder.UnsupportedContext), answer.Cause);
    }

    [Theory]
    [InlineData(15, 16)]
    [InlineData(19, 20)]
    public async Task RefusedQueries_GetTheCauseAsteriskSends(int query, int expected)
    {
        var recorded = Fixture(expected);
        _probe.Send(HexFixture.Number(query).Wire);

        var answer = await _probe.ReceiveAnswerAsync();

        Assert.Equal((recorded.Command, recorded.IsFinal), (answer.Command, answer.IsFinal));
        Assert.Equal(recorded.Cause, answer.Cause);
        Assert.Equal(recorded.Elements.Select(e => e.Type), answer.Elements.Select(e => e.Type));
    }

    [Fact]
    public async Task Fixture44_StrayAck_GetsExactlyTheInvalidOfFixture45()
    {
        _probe.Send(HexFixture.Number(44).Wire);

        var invalid = await _probe.ReceiveAsync();

        Assert.NotNull(invalid);
        Assert.Equal(HexFixture.Number(45).Wire, DundiCodec.Encode(invalid));
        Assert.Null(await _probe.ReceiveAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Invalid_IsNeverAnswered()
    {
        _probe.Send(HexFixture.Number(45).Wire);

        Assert.Null(await _probe.ReceiveAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Fixture32_QualifyNull_GetsAckFinalLikeFixture33()
    {
        var expected = Fixture(33);
        _probe.Send(HexFixture.Number(32).Wire);

        var ack = await _probe.ReceiveAsync();

        Assert.NotNull(ack);
        Assert.Equal((expected.Command, expected.IsFinal, expected.DestinationTransaction, expected.InboundSequence, expected.OutboundSequence), (ack.Command, ack.IsFinal, ack.DestinationTransaction, ack.InboundSequence, ack.OutboundSequence));
    }

    [Fact]
    public async Task Fixture34_NonFinalNull_IsClosedWithCancelFinalLikeFixture35()
    {
        var expected = Fixture(35);
        _probe.Send(HexFixture.Number(34).Wire);

        var cancel = await _probe.ReceiveAnswerAsync();

        Assert.Equal((expected.Command, expected.IsFinal, expected.DestinationTransaction, expected.InboundSequence, expected.OutboundSequence), (cancel.Command, cancel.IsFinal, cancel.DestinationTransaction, cancel.InboundSequence, cancel.OutboundSequence));
    }

    [Fact]
    public async Task Fixture27_EidQuery_IsAnsweredWithTheContactDetails()
    {
        var expected = Fixture(28);
        _probe.Send(HexFixture.Number(27).Wire);

        var answer = await _probe.ReceiveAnswerAsync();

        Assert.Equal(DundiCommand.EidResponse, answer.Command);
        Assert.True(answer.IsFinal);
        foreach (var type in new[] { DundiIeType.Department, DundiIeType.Organization, DundiIeType.Locality, DundiIeType.StateProvince, DundiIeType.Country, DundiIeType.Email, DundiIeType.Phone })
        {
            Assert.Equal(expected.GetString(type), answer.GetString(type));
        }
    }

    [Fact]
    public async Task Fixture46_UnknownCommandInALiveTransaction_GetsUnknownNamingIt()
    {
        // Open a transaction with a query, keep it alive by not acknowledging the answer, then send
        // the unknown command 0x1f in it, as the capture probe did.
        var query = Fixture(1);
        _probe.Send(HexFixture.Number(1).Wire);
        var answer = await _probe.ReceiveAnswerAsync();
        _probe.Send(new DundiMessage { SourceTransaction = query.SourceTransaction, DestinationTransaction = answer.SourceTransaction, InboundSequence = 0, OutboundSequence = 1, Command = (DundiCommand)0x1f });

        DundiMessage? unknown;
        do
        {
            unknown = await _probe.ReceiveAsync();
        }
        while (unknown is not null && unknown.Command != DundiCommand.Unknown);

        Assert.NotNull(unknown);
        Assert.Equal((byte)0x1f, unknown.UnknownCommand);
        Assert.False(unknown.IsFinal);
    }

    [Fact]
    public async Task Fixture49_PrecacheFromAPeerWeAsk_IsCachedAndAnswered()
    {
        _probe.Send(HexFixture.Number(49).Wire);

        var answer = await _probe.ReceiveAnswerAsync();

        Assert.Equal((DundiCommand.PrecacheResponse, true), (answer.Command, answer.IsFinal));
        var cache = _node.Services.GetRequiredService<LookupCache>();
        Assert.True(cache.TryGet(new CacheKey("e164", "5001"), out var entry));
        Assert.Equal(C, Assert.Single(entry.Result.Routes).AnsweredBy);
    }

    [Fact]
    public async Task Fixture51_PrecacheOfAPattern_IsAcknowledgedButNotCached()
    {
        _probe.Send(HexFixture.Number(51).Wire);

        var answer = await _probe.ReceiveAnswerAsync();

        Assert.Equal(DundiCommand.PrecacheResponse, answer.Command);
        Assert.Equal(0, _node.Services.GetRequiredService<LookupCache>().Count);
    }

    [Fact]
    public async Task Fixture42_RegisterFromAnUnknownEid_IsRefusedLikeFixture43()
    {
        var expected = Fixture(43);
        _probe.Send(HexFixture.Number(42).Wire);

        var answer = await _probe.ReceiveAnswerAsync();

        Assert.Equal((expected.Command, expected.IsFinal, expected.Cause), (answer.Command, answer.IsFinal, answer.Cause));
    }

    [Fact]
    public async Task Garbage_IsCountedAndTheNodeKeepsAnswering()
    {
        var random = new Random(42);
        for (var i = 0; i < 200; i++)
        {
            var garbage = new byte[random.Next(0, 64)];
            random.NextBytes(garbage);
            _probe.Send(garbage);
        }

        _probe.Send(HexFixture.Number(32).Wire);
        DundiMessage? reply;
        do
        {
            reply = await _probe.ReceiveAsync();
        }
        while (reply is not null && !(reply.Command == DundiCommand.Ack && reply.DestinationTransaction == Fixture(32).SourceTransactionId));

        Assert.NotNull(reply);
        var metrics = await _node.Services.GetRequiredService<NumberDirectory.Server.Hosting.NodeMetrics>().RenderAsync();
        Assert.Contains("door=\"dundi\",reason=\"malformed-", metrics, StringComparison.Ordinal);
    }
}
