using System.Net;
using System.Net.Sockets;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Routes;
using NumberDirectory.Core.Tests.Dundi;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>
/// Our node in Asterisk node B's place of the encrypted capture (fixtures 52-66): it holds nodeb.key,
/// knows A by nodea.pub, and is sent stock Asterisk's bytes from a loopback socket posing as A.
/// </summary>
public sealed class DundiAsteriskEncryptionTests : IAsyncLifetime
{
    private static readonly string Keys = Path.Combine(HexFixture.Directory, "keys");

    private readonly TempDirectory _temp = new();
    private readonly UdpClient _probe = new(new IPEndPoint(IPAddress.Loopback, 0));
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        // Asterisk's outkey for B, owner-only as the node demands.
        var privateKey = Path.Combine(_temp.Path, "nodeb.key");
        File.Copy(Path.Combine(Keys, "nodeb.key"), privateKey);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(privateKey, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        _node = await TestNode.StartAsync(_temp.Data("b"), new Dictionary<string, string?>
        {
            ["Node:Id"] = "02:00:00:00:00:0b",
            ["Dundi:PrivateKey"] = privateKey,
            ["Dundi:Peers:0:Id"] = "02:00:00:00:00:0a",
            ["Dundi:Peers:0:Host"] = "127.0.0.1",
            ["Dundi:Peers:0:Port"] = ((IPEndPoint)_probe.Client.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Dundi:Peers:0:Model"] = "inbound",
            ["Dundi:Peers:0:Permit:0"] = "e164",
            ["Dundi:Peers:0:Qualify"] = "false",
            ["Dundi:Peers:0:InKey"] = Path.Combine(Keys, "nodea.pub"),
            ["Ranges:0:Pattern"] = "_4XXX",
            ["Ranges:0:Routes:0:Uri"] = "iax2:pbx-b.example.net/${NUMBER}",
        });
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _probe.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task FullKeyThenKeyCrc_AsteriskQueries_AreAnsweredEncryptedWithAsKey()
    {
        var key = FixtureKey();

        var first = await ExchangeAsync(HexFixture.Number(52).Wire);
        await SendAsync(AckFinal(first.Answer, 1805));
        var second = await ExchangeAsync(HexFixture.Number(56).Wire);

        foreach (var (exchange, strans, number) in new[] { (first, 1805, "4001"), (second, 18458, "4002") })
        {
            Assert.Equal((DundiCommand.Ack, (ushort)strans, (byte)1, (byte)0), (exchange.Ack.Command, exchange.Ack.DestinationTransaction, exchange.Ack.InboundSequence, exchange.Ack.OutboundSequence));
            var answer = exchange.Answer;
            Assert.Equal((DundiCommand.Encrypt, (ushort)strans, (byte)1, (byte)0), (answer.Command, answer.DestinationTransaction, answer.InboundSequence, answer.OutboundSequence));
            Assert.Equal([DundiIeType.EncryptedData], answer.Elements.Select(e => e.Type).ToArray());
            Assert.True(DundiCrypto.TryDecrypt(answer, key, out var inner, out var error), error.ToString());
            Assert.Equal(DundiCommand.DpResponse, inner.Command);
            Assert.True(inner.IsFinal);
            var route = Assert.Single(inner.Answers);
            Assert.Equal((DundiProtocol.Iax, $"pbx-b.example.net/{number}"), (route.Protocol, route.Destination));
        }
    }

    [Fact]
    public async Task EidQueryUnderTheRememberedKey_IsAnsweredEncrypted()
    {
        var key = FixtureKey();
        var first = await ExchangeAsync(HexFixture.Number(52).Wire);
        await SendAsync(AckFinal(first.Answer, 1805));

        var exchange = await ExchangeAsync(HexFixture.Number(58).Wire);

        Assert.Equal((DundiCommand.Encrypt, (ushort)9551), (exchange.Answer.Command, exchange.Answer.DestinationTransaction));
        Assert.True(DundiCrypto.TryDecrypt(exchange.Answer, key, out var inner, out var error), error.ToString());
        Assert.Equal((DundiCommand.EidResponse, true), (inner.Command, inner.IsFinal));
    }

    [Fact]
    public async Task PlaintextQueryFromAKeyedPeer_IsRefusedAsAsteriskDoes()
    {
        var expected = Decode(HexFixture.Number(61).Wire);

        var exchange = await ExchangeAsync(HexFixture.Number(60).Wire);

        // Asterisk's refusal carries the text "Unencrypted responses not permitted" (fixture 61), 46 bytes
        // in answer to a 36-byte query; plaintext proves nothing about the sender, so the node sends the
        // same cause in no more bytes than it received: the code alone.
        var answer = exchange.Answer;
        Assert.Equal((expected.Command, expected.IsFinal, expected.DestinationTransaction), (answer.Command, answer.IsFinal, answer.DestinationTransaction));
        Assert.Equal(new DundiCause(DundiCauseCode.NoAuth, "Unencrypted responses not permitted"), expected.Cause);
        Assert.Equal(new DundiCause(DundiCauseCode.NoAuth, string.Empty), answer.Cause);
        Assert.True(DundiCodec.Encode(answer).Length <= HexFixture.Number(60).Wire.Length);
    }

    [Fact]
    public async Task UnknownKeyCrc_GetsEncrejFinal()
    {
        var expected = Decode(HexFixture.Number(63).Wire);

        var exchange = await ExchangeAsync(HexFixture.Number(62).Wire);

        var reject = exchange.Answer;
        Assert.Equal(
            (expected.Command, expected.IsFinal, expected.DestinationTransaction, expected.InboundSequence, expected.OutboundSequence),
            (reject.Command, reject.IsFinal, reject.DestinationTransaction, reject.InboundSequence, reject.OutboundSequence));
        Assert.Empty(reject.Elements);
        Assert.Equal(1, _node.Services.GetRequiredService<NodeMetrics>().Rejections("dundi", "encrypt-rejected"));
    }

    [Fact]
    public async Task BadSignature_GetsEncrejFinal()
    {
        var original = Decode(HexFixture.Number(52).Wire);
        var signature = original.Signature!.Value.ToArray();
        signature[17] ^= 0x01;
        var forged = original with { Elements = [.. original.Elements.Select(e => e.Type == DundiIeType.Signature ? DundiElement.Signature(signature) : e)] };

        var exchange = await ExchangeAsync(DundiCodec.Encode(forged));

        Assert.Equal((DundiCommand.EncryptReject, true, (ushort)1805), (exchange.Answer.Command, exchange.Answer.IsFinal, exchange.Answer.DestinationTransaction));
        Assert.Equal(1, _node.Services.GetRequiredService<NodeMetrics>().Rejections("dundi", "encrypt-rejected"));
    }

    // A's session key of the capture: @aes-key, named by fixture 52's SHAREDKEY (CRC 0x4fca1003).
    private static DundiSessionKey FixtureKey()
    {
        var fixture = HexFixture.Number(52);
        var announced = Decode(fixture.Wire);
        return DundiSessionKey.FromParts(fixture["aes-key"], announced.SharedKey!.Value.Span, announced.Signature!.Value.Span);
    }

    private static DundiMessage Decode(byte[] wire)
    {
        Assert.True(DundiCodec.TryDecode(wire, out var message, out var error), error.ToString());
        return message;
    }

    private static byte[] AckFinal(DundiMessage answer, ushort ourId) => DundiCodec.Encode(new DundiMessage
    {
        SourceTransaction = ourId,
        DestinationTransaction = answer.SourceTransactionId,
        InboundSequence = 1,
        OutboundSequence = 1,
        Command = DundiCommand.Ack,
        IsFinal = true,
    });

    private async Task SendAsync(byte[] datagram) => await _probe.SendAsync(datagram, _node.DundiAddress);

    /// <summary>Sends a query and reads the node's ACK and its answer (the ACK comes first; the answer may be the only packet).</summary>
    private async Task<(DundiMessage Ack, DundiMessage Answer)> ExchangeAsync(byte[] query)
    {
        await SendAsync(query);
        DundiMessage? ack = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            var received = await _probe.ReceiveAsync(timeout.Token);
            var message = Decode(received.Buffer);
            if (message.Command == DundiCommand.Ack)
            {
                ack = message;
                continue;
            }

            return (ack ?? message, message);
        }
    }
}
