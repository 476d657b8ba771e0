using System.Globalization;
using System.Net;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>
/// Two peers behind one address: whether a transaction of ours is encrypted follows the peer it is
/// for (its EID), never the address it goes to; a configuration that gives one address two keys is
/// refused.
/// </summary>
public sealed class SharedAddressTests : IDisposable
{
    private static readonly NodeId Keyed = NodeId.Parse("00:00:5e:00:53:d1");
    private static readonly NodeId Dynamic = NodeId.Parse("00:00:5e:00:53:d2");
    private readonly TempDirectory _temp = new();
    private readonly DundiKeyPairFiles _ours;
    private readonly DundiKeyPairFiles _theirs;

    public SharedAddressTests()
    {
        _ours = DundiKeyFile.GenerateKeyPair(_temp.Path, "ours");
        _theirs = DundiKeyFile.GenerateKeyPair(_temp.Path, "theirs");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task DynamicPeerRegisteredWhereAKeyedPeerIs_ItsQueryIsPlaintextAndTheKeyedPeersEncrypted()
    {
        using var both = new WireProbe(new IPEndPoint(IPAddress.Loopback, 0));
        var port = both.LocalPort;
        await using var node = await TestNode.StartAsync(_temp.Data(), new Dictionary<string, string?>
        {
            ["Dundi:PrivateKey"] = _ours.PrivateKeyPath,
            ["Dundi:Peers:0:Id"] = Keyed.ToString(),
            ["Dundi:Peers:0:Host"] = "127.0.0.1",
            ["Dundi:Peers:0:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Dundi:Peers:0:Model"] = "outbound",
            ["Dundi:Peers:0:Include:0"] = "e164",
            ["Dundi:Peers:0:InKey"] = _theirs.PublicKeyPath,
            ["Dundi:Peers:0:Qualify"] = "false",
            ["Dundi:Peers:1:Id"] = Dynamic.ToString(),
            ["Dundi:Peers:1:Host"] = "dynamic",
            ["Dundi:Peers:1:Model"] = "outbound",
            ["Dundi:Peers:1:Include:0"] = "e164",
            ["Dundi:Peers:1:Qualify"] = "false",
        });
        both.Retarget(node.DundiAddress);
        both.Send(new DundiMessage
        {
            SourceTransaction = 0x0042,
            Command = DundiCommand.RegisterRequest,
            Elements = [DundiElement.Version(), DundiElement.Eid(Dynamic), DundiElement.Expiration(60)],
        });
        var registered = await both.ReceiveAnswerAsync();
        Assert.Equal(DundiCommand.RegisterResponse, registered.Command);
        both.Send(new DundiMessage { SourceTransaction = 0x0042, DestinationTransaction = registered.SourceTransaction, InboundSequence = 1, OutboundSequence = 1, Command = DundiCommand.Ack, IsFinal = true });

        var lookup = node.Http.GetAsync(new Uri("/lookup/5001?timeout=1", UriKind.Relative));
        var queries = new Dictionary<ushort, DundiCommand>();
        while (queries.Count < 2 && await both.ReceiveAsync(TimeSpan.FromSeconds(5)) is { } packet)
        {
            // Only the queries: a retransmitted REGRESPONSE (its ACK lost) is not one.
            if (packet.Command is DundiCommand.DpDiscover or DundiCommand.Encrypt)
            {
                queries.TryAdd(packet.SourceTransaction, packet.Command);
            }
        }

        Assert.Equal([DundiCommand.DpDiscover, DundiCommand.Encrypt], queries.Values.Order());
        (await lookup).Dispose();
    }

    [Fact]
    public void Validate_TwoPeersOnOneAddressWithDifferentKeys_RefusedNamingBoth()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dundi:PrivateKey"] = _ours.PrivateKeyPath,
            ["Dundi:Peers:0:Id"] = Keyed.ToString(),
            ["Dundi:Peers:0:Host"] = "192.0.2.20",
            ["Dundi:Peers:0:Include:0"] = "e164",
            ["Dundi:Peers:0:InKey"] = _theirs.PublicKeyPath,
            ["Dundi:Peers:1:Id"] = Dynamic.ToString(),
            ["Dundi:Peers:1:Host"] = "192.0.2.20",
            ["Dundi:Peers:1:Include:0"] = "e164",
        }).Build();

        var errors = NumberDirectoryNode.Validate(configuration);

        Assert.Contains(
            "Dundi:Peers:1: has the same Host and Port (192.0.2.20:4520) as Dundi:Peers:0 but another InKey; one address is one DUNDi node with one key: give both the same InKey, or correct the Host or Port",
            errors);
    }
}
