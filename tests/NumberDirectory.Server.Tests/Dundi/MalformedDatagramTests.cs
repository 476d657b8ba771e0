using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Tests.Dundi;
using NumberDirectory.Server.Dundi;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>
/// The fuzz targets' named malformed cases for the DUNDi door (tests/fuzz/README.md): each datagram, sent
/// over a real socket to node B of the captures, gets exactly the reply named (or none) and moves exactly the
/// counters named, nothing else. Silence is proved by order, not by waiting: after each case the same socket
/// sends a stray ACK, whose INVALID can only come after anything the case itself drew.
/// </summary>
public sealed class MalformedDatagramTests : IAsyncLifetime
{
    private static readonly string Keys = Path.Combine(HexFixture.Directory, "keys");

    private readonly TempDirectory _temp = new();
    private readonly Socket _peer = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private TestNode _node = null!;

    public static TheoryData<string> Cases() => [.. CaseTable.Keys];

    /// <summary>Name → (from the keyed peer A's own socket?, datagram, expected reply command or null for silence, counter deltas).</summary>
    private static readonly Dictionary<string, (bool FromPeer, Func<byte[]> Datagram, DundiCommand? Reply, string[] Counted)> CaseTable = new(StringComparer.Ordinal)
    {
        ["empty datagram"] = (false, () => [], null, ["malformed-truncated"]),
        ["seven bytes: a header cut short"] = (false, () => Capture(1)[..7], null, ["malformed-truncated"]),
        ["8193 bytes: over the largest datagram"] = (false, () => [.. Capture(1), .. new byte[DundiCodec.MaxDatagramLength + 1 - Capture(1).Length]], null, ["malformed-oversized"]),
        ["IE length past the end (TTL says 3 bytes, 2 follow)"] = (false, () => WithByte(Capture(1), ^3, 3), null, ["malformed-lengthpastend"]),
        ["truncated IE: CALLED_CONTEXT cut in its value"] = (false, () => Capture(1)[..^6], null, ["malformed-lengthpastend"]),
        ["dangling IE type byte after the last IE"] = (false, () => [.. Capture(1), 0x06], null, ["malformed-danglingietype"]),
        ["header-only DPDISCOVER numbered 1"] = (false, () => Header(DundiCommand.DpDiscover, oseqno: 1), null, ["bad-opening-sequence"]),
        ["header-only DPDISCOVER numbered 0: its refusal would be larger"] = (false, () => Header(DundiCommand.DpDiscover, oseqno: 0), null, ["unknown-eid", "reply-larger-than-query"]),
        ["query from an unknown EID (capture 15)"] = (false, () => Capture(15), DundiCommand.DpResponse, ["unknown-eid"]),
        ["plaintext query claiming keyed peer A's EID, from elsewhere (capture 1)"] = (false, () => Capture(1), DundiCommand.DpResponse, ["unencrypted"]),
        ["stray ACK (capture 44)"] = (false, () => Capture(44), DundiCommand.Invalid, ["no-transaction"]),
        ["unknown command 0x1f (capture 46)"] = (false, () => Capture(46), DundiCommand.Invalid, ["no-transaction"]),
        ["INVALID that matches nothing"] = (false, () => Header(DundiCommand.Invalid, oseqno: 0), null, []),
        ["ENCRYPT under a key nobody announced (capture 62)"] = (false, () => Capture(62), DundiCommand.EncryptReject, ["encrypt-rejected"]),
        ["ENCRYPT with A's SIGNATURE corrupted, from elsewhere"] = (false, () => WithByte(Capture(52), 8 + 8 + 130 + 10, 0x00), DundiCommand.EncryptReject, ["encrypt-rejected"]),
        ["plaintext query from keyed peer A (capture 1)"] = (true, () => Capture(1), DundiCommand.DpResponse, ["unencrypted"]),
        ["ENCRYPT from keyed peer A whose zlib stream is corrupt"] = (true, CorruptZlibFromA, DundiCommand.EncryptReject, ["encrypt-rejected"]),
    };

    public async Task InitializeAsync()
    {
        var privateKey = Path.Combine(_temp.Path, "nodeb.key");
        File.Copy(Path.Combine(Keys, "nodeb.key"), privateKey);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(privateKey, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        _peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?>
        {
            ["Node:Id"] = "02:00:00:00:00:0b",
            ["Dundi:PrivateKey"] = privateKey,
            ["Dundi:Peers:0:Id"] = "02:00:00:00:00:0a",
            ["Dundi:Peers:0:Host"] = "127.0.0.1",
            ["Dundi:Peers:0:Port"] = ((IPEndPoint)_peer.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture),
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
        _peer.Dispose();
        _temp.Dispose();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MalformedCase_GetsItsAnswerOrSilence_AndMovesExactlyItsCounters(string name)
    {
        var (fromPeer, datagram, expected, counted) = CaseTable[name];
        var packet = datagram();

        // Each case from a source of its own (A's socket for A's cases), so no case spends another's share of replies.
        using var stranger = fromPeer ? null : Bound(IPAddress.Parse($"127.0.5.{1 + CaseTable.Keys.ToList().IndexOf(name)}"));
        var socket = stranger ?? _peer;
        var before = await MetricsScrape.TakeAsync(_node);

        socket.SendTo(packet, _node.DundiAddress);
        socket.SendTo(StrayAck(), _node.DundiAddress);
        var replies = await RepliesUntilInvalidAsync(socket);

        var after = await MetricsScrape.TakeAsync(_node);
        Assert.Equal(expected is null ? 0 : 1, replies.Count);
        if (expected is { } command)
        {
            Assert.True(DundiCodec.TryDecode(replies[0], out var message, out _));
            Assert.Equal(command, message.Command);
            Assert.True(message.IsFinal || command == DundiCommand.Invalid, "a refusal closes the transaction it answers");
            Assert.True(fromPeer || replies[0].Length <= packet.Length, $"{replies[0].Length} bytes back for {packet.Length}");
        }

        Assert.Equal(
            counted.Append("no-transaction").GroupBy(r => r).ToDictionary(g => g.Key, g => (double)g.Count()),
            DundiDeltas(before, after));
        Assert.Equal(0, _node.Services.GetRequiredService<DundiEndpoint>().OpenedTransactionCount);
    }

    /// <summary>
    /// Found by the <c>dundi-node</c> fuzz target: an ENCRYPT that opens (here under A's announced key) to a
    /// command the node does not know was answered with an ACK and then an UNKNOWN, two datagrams to a source
    /// nobody authenticated, where every other refusal folds the ACK into its one reply.
    /// </summary>
    [Fact]
    public async Task EncryptedUnknownCommand_FromASourceThatIsNoPeer_OneReplyWithTheAckFoldedIn()
    {
        var key = Capture52Key();
        var inner = new DundiMessage
        {
            SourceTransaction = 0x0333,
            Command = (DundiCommand)0x1f,
            Elements = [DundiElement.Eid(Core.Numbers.NodeId.Parse("02:00:00:00:00:0a"))],
        };
        var packet = DundiCodec.Encode(DundiCrypto.Encrypt(inner, key, new DundiKeyAnnouncement(Core.Numbers.NodeId.Parse("02:00:00:00:00:0a"), DundiKeyForm.FullKey), new byte[DundiCrypto.IvLength]));
        using var stranger = Bound(IPAddress.Parse("127.0.6.1"));
        var before = await MetricsScrape.TakeAsync(_node);

        stranger.SendTo(packet, _node.DundiAddress);
        stranger.SendTo(StrayAck(), _node.DundiAddress);
        var replies = await RepliesUntilInvalidAsync(stranger);

        var reply = Assert.Single(replies);
        Assert.True(DundiCodec.TryDecode(reply, out var unknown, out _));
        Assert.Equal((DundiCommand.Unknown, true, (byte)1, (byte)0x1f), (unknown.Command, unknown.IsFinal, unknown.InboundSequence, unknown.UnknownCommand));
        Assert.True(reply.Length <= packet.Length);
        var after = await MetricsScrape.TakeAsync(_node);
        Assert.Equal(new Dictionary<string, double> { ["unknown-command"] = 1, ["no-transaction"] = 1 }, DundiDeltas(before, after));
        Assert.Equal(0, _node.Services.GetRequiredService<DundiEndpoint>().TransactionCount);
    }

    private static Socket Bound(IPAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }

    /// <summary>Every DUNDi rejection counter that moved, by reason.</summary>
    private static Dictionary<string, double> DundiDeltas(MetricsScrape before, MetricsScrape after)
    {
        const string Prefix = "numberdirectory_rejected_total{door=\"dundi\",reason=\"";
        return after.Series.Where(s => s.StartsWith(Prefix, StringComparison.Ordinal) && after.Since(before, s) != 0)
            .ToDictionary(s => s[Prefix.Length..^2], s => after.Since(before, s));
    }

    /// <summary>Datagrams up to and including the stray ACK's INVALID; those before it are the case's replies.</summary>
    private static async Task<List<byte[]>> RepliesUntilInvalidAsync(Socket socket)
    {
        var replies = new List<byte[]>();
        var buffer = new byte[DundiCodec.MaxDatagramLength + 1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
            var datagram = buffer[..received.ReceivedBytes];
            if (DundiCodec.TryDecode(datagram, out var message, out _) && message.Command == DundiCommand.Invalid && message.DestinationTransaction == 0x7eee)
            {
                return replies;
            }

            replies.Add(datagram);
        }
    }

    private static byte[] StrayAck() => DundiCodec.Encode(new DundiMessage { SourceTransaction = 0x7eee, DestinationTransaction = 0x7fff, Command = DundiCommand.Ack });

    private static byte[] Capture(int number) => HexFixture.Number(number).Wire;

    private static byte[] Header(DundiCommand command, byte oseqno) =>
        DundiCodec.Encode(new DundiMessage { SourceTransaction = 0x0101, OutboundSequence = oseqno, Command = command });

    private static byte[] WithByte(byte[] datagram, Index at, byte value)
    {
        var copy = (byte[])datagram.Clone();
        copy[at] = value;
        return copy;
    }

    /// <summary>The session key A announced in capture 52, opened as B opens it.</summary>
    private static DundiSessionKey Capture52Key()
    {
        Assert.True(DundiCodec.TryDecode(Capture(52), out var message, out _));
        using var nodeA = RSA.Create();
        nodeA.ImportFromPem(File.ReadAllText(Path.Combine(Keys, "nodea.pub")));
        using var nodeB = RSA.Create();
        nodeB.ImportFromPem(File.ReadAllText(Path.Combine(Keys, "nodeb.key")));
        Assert.True(DundiCrypto.TryOpenSharedKey(message, nodeA, nodeB, out var key, out _));
        return key;
    }

    /// <summary>Capture 52 (A's full key, signed) whose ENCDATA is a zlib header followed by bytes that inflate to nothing.</summary>
    private static byte[] CorruptZlibFromA()
    {
        Assert.True(DundiCodec.TryDecode(Capture(52), out var message, out _));
        var key = Capture52Key();

        byte[] corrupt = [0x78, 0x9c, 0xff, 0xff, 0xff, 0xff, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99];
        using var aes = Aes.Create();
        aes.Key = key.Key.ToArray();
        var iv = new byte[DundiCrypto.IvLength];
        var encData = iv.Concat(aes.EncryptCbc(corrupt, iv, PaddingMode.None)).ToArray();
        var index = message.Elements.IndexOf(message.Elements.Single(e => e.Type == DundiIeType.EncryptedData));
        return DundiCodec.Encode(message with { SourceTransaction = 0x0777, Elements = message.Elements.SetItem(index, DundiElement.EncryptedData(encData)) });
    }
}
