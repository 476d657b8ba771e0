using System.Diagnostics;
using System.Globalization;
using System.Net;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Logging.Testing;
using NumberDirectory.Admin.V1;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Tests.Dundi;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.Hosting;
using NumberDirectory.Server.Tests.Dundi;

namespace NumberDirectory.Server.Tests.Admin;

/// <summary>
/// Peers listed, added, changed and removed over the admin API (real gRPC) against real nodes on
/// loopback: a runtime peer is qualified and asked from the next lookup, a change or a removal takes
/// effect at once, config-owned peers are read-only, and runtime peers survive a restart.
/// </summary>
/// <remarks>
/// A publishes nothing B has; B publishes _4XXX and lets A ask it (a config peer of B's, inbound, so
/// B never sends to A except its answers). A's only config peer is C, asked about another context.
/// </remarks>
public sealed class PeerAdminTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    private readonly TempDirectory _temp = new();
    private Mesh _mesh = null!;

    private TestNode A => _mesh["A"];

    private TestNode B => _mesh["B"];

    public async Task InitializeAsync() =>
        _mesh = await new Mesh()
            .Node("A", ("_3XXX", "iax2:pbx-a.example.net/${NUMBER}"))
            .Node("B", ("_4XXX", "iax2:pbx-b.example.net/${NUMBER}"))
            .Set("A", "Dundi:Peers:0:Id", Mesh.Eid("C").ToString())
            .Set("A", "Dundi:Peers:0:Host", "127.0.0.1")
            .Set("A", "Dundi:Peers:0:Port", "9")
            .Set("A", "Dundi:Peers:0:Model", "outbound")
            .Set("A", "Dundi:Peers:0:Include:0", "private")
            .Set("A", "Dundi:Peers:0:Qualify", "false")
            .Set("B", "Dundi:Peers:0:Id", Mesh.Eid("A").ToString())
            .Set("B", "Dundi:Peers:0:Host", "127.0.0.1")
            .Set("B", "Dundi:Peers:0:Port", "9")
            .Set("B", "Dundi:Peers:0:Model", "inbound")
            .Set("B", "Dundi:Peers:0:Permit:0", "e164")
            .Set("B", "Dundi:Peers:0:Qualify", "false")
            .StartAsync();

    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task AddPeer_IsQualifiedAndAsked_ANumberOnlyItHasIsFoundWhereItWasNot()
    {
        using var channel = AdminClient.Channel(A);
        var peers = new PeerService.PeerServiceClient(channel);
        Assert.Equal((HttpStatusCode.NotFound, ""), await LookupAsync(A, "4001"));

        var added = await peers.AddPeerAsync(new AddPeerRequest { Peer = PeerB() });

        Assert.Equal((PeerSource.Runtime, Mesh.Eid("B").ToString(), "primary"), (added.Peer.Peer.Source, added.Peer.Peer.Id, added.Peer.Peer.Order));
        Assert.Equal(["e164"], added.Peer.Peer.Include);
        var reachable = await UntilAsync(peers, Mesh.Eid("B").ToString(), s => s.State.Reachability == PeerReachability.Reachable);
        Assert.Equal(B.DundiAddress.ToString(), reachable.State.Address);
        Assert.NotNull(reachable.State.RoundTrip);
        Assert.NotNull(reachable.State.LastSeen);
        Assert.False(reachable.State.Encrypted);

        // Asked, although A had just concluded (and cached) that nobody has 4001.
        Assert.Equal((HttpStatusCode.OK, "IAX2/pbx-b.example.net/4001"), await LookupAsync(A, "4001"));
        Assert.Contains($"peer=\"{Mesh.Eid("B")}\"", await A.Services.GetRequiredService<NodeMetrics>().RenderAsync(), StringComparison.Ordinal);
        var health = A.Services.GetRequiredService<NodeHealth>().Check().Checks.Single(c => c.Name == "peers");
        Assert.Equal((1, 2), (health.Reachable!.Value, health.Configured!.Value));
    }

    [Fact]
    public async Task ListAndGet_ConfigPeerWithItsSource_RuntimePeerWithItsState_FilteredBySource()
    {
        using var channel = AdminClient.Channel(A);
        var peers = new PeerService.PeerServiceClient(channel);
        await peers.AddPeerAsync(new AddPeerRequest { Peer = PeerB() });

        var all = await peers.ListPeersAsync(new ListPeersRequest());
        var config = await peers.ListPeersAsync(new ListPeersRequest { Source = PeerSource.Config });
        var runtime = await peers.ListPeersAsync(new ListPeersRequest { Source = PeerSource.Runtime });
        var c = (await peers.GetPeerAsync(new GetPeerRequest { Id = Mesh.Eid("C").ToString().ToUpperInvariant() })).Peer;

        Assert.Equal([Mesh.Eid("B").ToString(), Mesh.Eid("C").ToString()], all.Peers.Select(p => p.Peer.Id));
        Assert.Equal([Mesh.Eid("C").ToString()], config.Peers.Select(p => p.Peer.Id));
        Assert.Equal([Mesh.Eid("B").ToString()], runtime.Peers.Select(p => p.Peer.Id));
        Assert.Equal((PeerSource.Config, "127.0.0.1", 9u, PeerModel.Outbound), (c.Peer.Source, c.Peer.Host, c.Peer.Port, c.Peer.Model));
        Assert.Equal(["private"], c.Peer.Include);
        Assert.Equal((false, PeerReachability.Unknown, "127.0.0.1:9"), (c.Peer.Qualify, c.State.Reachability, c.State.Address));
        Assert.Equal(TimeSpan.FromSeconds(2), c.Peer.QualifyMax.ToTimeSpan());
    }

    [Fact]
    public async Task UpdatePeer_IncludeChanged_ItIsNoLongerAskedAboutTheOldContext()
    {
        using var channel = AdminClient.Channel(A);
        var peers = new PeerService.PeerServiceClient(channel);
        await peers.AddPeerAsync(new AddPeerRequest { Peer = PeerB() });
        Assert.Equal((HttpStatusCode.OK, "IAX2/pbx-b.example.net/4001"), await LookupAsync(A, "4001"));
        var peer = PeerB();
        peer.Include.Clear();
        peer.Include.Add("private");
        peer.Order = "secondary";

        var updated = await peers.UpdatePeerAsync(new UpdatePeerRequest { Peer = peer });

        Assert.Equal(["private"], updated.Peer.Peer.Include);
        Assert.Equal(("secondary", PeerSource.Runtime), (updated.Peer.Peer.Order, updated.Peer.Peer.Source));
        Assert.Equal((HttpStatusCode.NotFound, ""), await LookupAsync(A, "4002"));

        // Its earlier answer goes with the settings it was given under.
        Assert.Equal((HttpStatusCode.NotFound, ""), await LookupAsync(A, "4001"));
        Assert.Equal(["private"], (await peers.GetPeerAsync(new GetPeerRequest { Id = peer.Id })).Peer.Peer.Include);
    }

    [Fact]
    public async Task RemovePeer_NoLongerAsked_AndGone()
    {
        using var channel = AdminClient.Channel(A);
        var peers = new PeerService.PeerServiceClient(channel);
        await peers.AddPeerAsync(new AddPeerRequest { Peer = PeerB() });
        Assert.Equal((HttpStatusCode.OK, "IAX2/pbx-b.example.net/4001"), await LookupAsync(A, "4001"));

        var removed = await peers.RemovePeerAsync(new RemovePeerRequest { Id = Mesh.Eid("B").ToString() });

        Assert.Equal((Mesh.Eid("B").ToString(), (uint)B.DundiAddress.Port), (removed.Peer.Id, removed.Peer.Port));
        Assert.Equal((HttpStatusCode.NotFound, ""), await LookupAsync(A, "4002"));
        Assert.Equal((HttpStatusCode.NotFound, ""), await LookupAsync(A, "4001"));
        var gone = await Assert.ThrowsAsync<RpcException>(() => peers.GetPeerAsync(new GetPeerRequest { Id = Mesh.Eid("B").ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        Assert.Equal([Mesh.Eid("C").ToString()], (await peers.ListPeersAsync(new ListPeersRequest())).Peers.Select(p => p.Peer.Id));
    }

    [Fact]
    public async Task RemovePeer_ItsQueriesAreRefusedAsFromAnUnknownEid()
    {
        // Capture 1 is a query from 02:00:00:00:00:0a for a number of _4XXX; the peer sends from 127.0.0.2.
        await using var node = await TestNode.StartAsync(_temp.Data("inbound"), new Dictionary<string, string?>
        {
            ["Node:Id"] = "02:00:00:00:00:0b",
            ["Ranges:0:Pattern"] = "_4XXX",
            ["Ranges:0:Routes:0:Uri"] = "iax2:pbx-b.example.net/${NUMBER}",
        });
        using var channel = AdminClient.Channel(node);
        var peers = new PeerService.PeerServiceClient(channel);
        var metrics = node.Services.GetRequiredService<NodeMetrics>();
        Assert.Equal(DundiCauseCode.NoAuth, (await AskAsync(node)).Cause?.Code);
        Assert.Equal(1, metrics.Rejections("dundi", "unknown-eid"));
        var peer = new Peer { Id = "02:00:00:00:00:0a", Host = "127.0.0.2", Model = PeerModel.Inbound, Permit = { "e164" }, Qualify = false };
        await peers.AddPeerAsync(new AddPeerRequest { Peer = peer });
        var answered = await AskAsync(node);
        Assert.Null(answered.Cause);
        Assert.Single(answered.Answers);

        await peers.RemovePeerAsync(new RemovePeerRequest { Id = peer.Id });

        var refused = await AskAsync(node);
        Assert.Equal(new DundiCause(DundiCauseCode.NoAuth, string.Empty), refused.Cause);
        Assert.Empty(refused.Answers);
        Assert.Equal(2, metrics.Rejections("dundi", "unknown-eid"));
    }

    [Fact]
    public async Task AddPeer_RegisterAndPrecache_WeRegisterWithItAndPushOurNumbersToIt_WithoutARestart()
    {
        await using var node = await TestNode.StartAsync(_temp.Data("push"), new Dictionary<string, string?>
        {
            ["Ranges:0:Pattern"] = "7000-7004",
            ["Ranges:0:Routes:0:Uri"] = "iax2:pbx-a.example.net/${NUMBER}",
        });
        using var peerSocket = new WireProbe(node.DundiAddress);
        using var channel = AdminClient.Channel(node);
        var peer = new Peer { Id = "00:00:5e:00:53:21", Host = "127.0.0.1", Port = (uint)peerSocket.LocalPort, Model = PeerModel.Inbound, Permit = { "e164" }, Qualify = false, Register = true, Precache = true };

        await new PeerService.PeerServiceClient(channel).AddPeerAsync(new AddPeerRequest { Peer = peer });

        var seen = new HashSet<DundiCommand>();
        var pushed = new HashSet<string>();
        var clock = Stopwatch.StartNew();
        while (!(seen.Contains(DundiCommand.RegisterRequest) && pushed.Count == 5) && clock.Elapsed < Limit)
        {
            if (await peerSocket.ReceiveAsync(Limit - clock.Elapsed) is not { } message)
            {
                break;
            }

            seen.Add(message.Command);
            if (message.Command == DundiCommand.PrecacheRequest)
            {
                pushed.Add(message.CalledNumber!);
            }
        }

        Assert.Contains(DundiCommand.RegisterRequest, seen);
        Assert.Equal(["7000", "7001", "7002", "7003", "7004"], pushed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ConfigPeer_UpdateAndRemove_FailedPreconditionSayingToChangeTheConfigurationFile()
    {
        using var channel = AdminClient.Channel(A);
        var peers = new PeerService.PeerServiceClient(channel);
        var c = (await peers.GetPeerAsync(new GetPeerRequest { Id = Mesh.Eid("C").ToString() })).Peer.Peer;
        c.Include.Add("e164");

        var update = await Assert.ThrowsAsync<RpcException>(() => peers.UpdatePeerAsync(new UpdatePeerRequest { Peer = c }).ResponseAsync);
        var remove = await Assert.ThrowsAsync<RpcException>(() => peers.RemovePeerAsync(new RemovePeerRequest { Id = c.Id }).ResponseAsync);

        Assert.Equal((StatusCode.FailedPrecondition, StatusCode.FailedPrecondition), (update.StatusCode, remove.StatusCode));
        Assert.Contains("configuration file", update.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("restart", update.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("configuration file", remove.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(["private"], (await peers.GetPeerAsync(new GetPeerRequest { Id = c.Id })).Peer.Peer.Include);
    }

    [Fact]
    public async Task AddExisting_AlreadyExists_UnknownEid_NotFound_BadEid_InvalidArgument()
    {
        using var channel = AdminClient.Channel(A);
        var peers = new PeerService.PeerServiceClient(channel);
        var c = new Peer { Id = Mesh.Eid("C").ToString(), Host = "127.0.0.1", Port = 9, Model = PeerModel.Outbound, Include = { "private" } };
        var unknown = PeerB();
        unknown.Id = "00:00:5e:00:53:ee";

        var exists = await Assert.ThrowsAsync<RpcException>(() => peers.AddPeerAsync(new AddPeerRequest { Peer = c }).ResponseAsync);
        var get = await Assert.ThrowsAsync<RpcException>(() => peers.GetPeerAsync(new GetPeerRequest { Id = unknown.Id }).ResponseAsync);
        var update = await Assert.ThrowsAsync<RpcException>(() => peers.UpdatePeerAsync(new UpdatePeerRequest { Peer = unknown }).ResponseAsync);
        var remove = await Assert.ThrowsAsync<RpcException>(() => peers.RemovePeerAsync(new RemovePeerRequest { Id = unknown.Id }).ResponseAsync);
        var bad = await Assert.ThrowsAsync<RpcException>(() => peers.GetPeerAsync(new GetPeerRequest { Id = "pbx-b" }).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, exists.StatusCode);
        Assert.Equal([StatusCode.NotFound, StatusCode.NotFound, StatusCode.NotFound], new[] { get.StatusCode, update.StatusCode, remove.StatusCode });
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Equal(["id"], Violations(bad).Select(v => v.Field));
    }

    public static TheoryData<string, Action<Peer>> InvalidPeers => new()
    {
        { "peer.id", p => p.Id = "00:00:5e:00:53" },
        { "peer.id", p => p.Id = Mesh.Eid("A").ToString() },
        { "peer.host", p => p.Host = "pbx-b.example.net" },
        { "peer.port", p => p.Port = 70_000 },
        { "peer.model", p => p.Model = (PeerModel)9 },
        { "peer.include", p => p.Include.Clear() },
        { "peer.permit", p => p.Model = PeerModel.Symmetric },
        { "peer.include[1]", p => p.Include.Add("no spaces") },
        { "peer.order", p => p.Order = "first" },
        { "peer.qualify_max", p => p.QualifyMax = Duration.FromTimeSpan(TimeSpan.FromSeconds(90)) },
        { "peer.qualify_max", p => p.QualifyMax = new Duration() },
        { "peer.register", p => (p.Host, p.Register) = ("dynamic", true) },
        { "peer.precache", p => p.Precache = true },
        { "peer.in_key", p => p.InKey = "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----" },
    };

    [Theory]
    [MemberData(nameof(InvalidPeers))]
    public async Task AddPeer_InvalidField_InvalidArgumentNamingTheField_AndNothingAdded(string field, Action<Peer> spoil)
    {
        using var channel = AdminClient.Channel(A);
        var peers = new PeerService.PeerServiceClient(channel);
        var peer = PeerB();
        spoil(peer);

        var failure = await Assert.ThrowsAsync<RpcException>(() => peers.AddPeerAsync(new AddPeerRequest { Peer = peer }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        var violation = Assert.Single(Violations(failure));
        Assert.Equal(field, violation.Field);
        Assert.False(string.IsNullOrWhiteSpace(violation.Description));
        Assert.Equal([Mesh.Eid("C").ToString()], (await peers.ListPeersAsync(new ListPeersRequest())).Peers.Select(p => p.Peer.Id));
    }

    [Fact]
    public async Task AddPeer_ManyProblems_EveryOneReportedAtOnce_WithHowToFixIt()
    {
        using var channel = AdminClient.Channel(A);
        var peers = new PeerService.PeerServiceClient(channel);
        var peer = new Peer { Id = "nope", Host = "pbx-b.example.net", Port = 70_000, Model = PeerModel.Outbound, Include = { "e164", "bad context" }, Order = "first", Precache = true, InKey = "/etc/keys/b.pub" };

        var failure = await Assert.ThrowsAsync<RpcException>(() => peers.AddPeerAsync(new AddPeerRequest { Peer = peer }).ResponseAsync);

        var violations = Violations(failure).ToDictionary(v => v.Field, v => v.Description);
        Assert.Equal(["peer.host", "peer.id", "peer.in_key", "peer.include[1]", "peer.order", "peer.port", "peer.precache"], violations.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("00:00:5e:00:53:0b", violations["peer.id"], StringComparison.Ordinal);
        Assert.Contains("Dundi:PrivateKey", violations["peer.in_key"], StringComparison.Ordinal);
        Assert.Contains("primary, secondary, tertiary, quartiary", violations["peer.order"], StringComparison.Ordinal);
        Assert.Contains("1..65535", violations["peer.port"], StringComparison.Ordinal);
        Assert.Contains("peer.include[1]", failure.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPeer_SameAddressAsAnotherPeerWithAnotherKey_Refused_SameKeyAccepted()
    {
        using var keys = new TempDirectory();
        var own = DundiKeyFile.GenerateKeyPair(keys.Path, "own");
        var other = DundiKeyFile.GenerateKeyPair(keys.Path, "other");
        await using var node = await TestNode.StartAsync(_temp.Data("shared"), new Dictionary<string, string?>
        {
            ["Dundi:PrivateKey"] = own.PrivateKeyPath,
            ["Dundi:Peers:0:Id"] = "00:00:5e:00:53:0c",
            ["Dundi:Peers:0:Host"] = "192.0.2.12",
            ["Dundi:Peers:0:Model"] = "outbound",
            ["Dundi:Peers:0:Include:0"] = "e164",
            ["Dundi:Peers:0:Qualify"] = "false",
            ["Dundi:Peers:0:InKey"] = other.PublicKeyPath,
        });
        using var channel = AdminClient.Channel(node);
        var peers = new PeerService.PeerServiceClient(channel);
        var plaintext = new Peer { Id = "00:00:5e:00:53:0d", Host = "192.0.2.12", Model = PeerModel.Outbound, Include = { "e164" }, Qualify = false };

        var failure = await Assert.ThrowsAsync<RpcException>(() => peers.AddPeerAsync(new AddPeerRequest { Peer = plaintext }).ResponseAsync);
        var sameKey = plaintext.Clone();
        sameKey.InKey = await File.ReadAllTextAsync(other.PublicKeyPath);
        var added = await peers.AddPeerAsync(new AddPeerRequest { Peer = sameKey });

        var violation = Assert.Single(Violations(failure));
        Assert.Equal("peer.host", violation.Field);
        Assert.Contains("00:00:5e:00:53:0c", violation.Description, StringComparison.Ordinal);
        Assert.Contains("in_key", violation.Description, StringComparison.Ordinal);
        Assert.True(added.Peer.State.Encrypted);
    }

    [Fact]
    public async Task EncryptedRuntimePeer_AfterARestart_StillEncryptedAndAsked()
    {
        using var keys = new TempDirectory();
        var a = DundiKeyFile.GenerateKeyPair(keys.Path, "a");
        var b = DundiKeyFile.GenerateKeyPair(keys.Path, "b");
        var ports = UdpPorts.Reserve(2);
        var settingsA = new Dictionary<string, string?>
        {
            ["Node:Id"] = "00:00:5e:00:53:e1",
            ["Dundi:Listen"] = $"127.0.0.1:{ports[0]}",
            ["Dundi:PrivateKey"] = a.PrivateKeyPath,
        };
        var settingsB = Ranges.Config(("_4XXX", "sip:${NUMBER}@pbx-b.example.net", 0));
        settingsB["Node:Id"] = "00:00:5e:00:53:e2";
        settingsB["Dundi:Listen"] = $"127.0.0.1:{ports[1]}";
        settingsB["Dundi:PrivateKey"] = b.PrivateKeyPath;
        settingsB["Dundi:Peers:0:Id"] = "00:00:5e:00:53:e1";
        settingsB["Dundi:Peers:0:Host"] = "127.0.0.1";
        settingsB["Dundi:Peers:0:Port"] = ports[0].ToString(CultureInfo.InvariantCulture);
        settingsB["Dundi:Peers:0:Model"] = "inbound";
        settingsB["Dundi:Peers:0:Permit:0"] = "e164";
        settingsB["Dundi:Peers:0:Qualify"] = "false";
        settingsB["Dundi:Peers:0:InKey"] = a.PublicKeyPath;
        await using var nodeB = await TestNode.StartAsync(_temp.Data("b"), settingsB);
        var data = _temp.Data("a");
        var runtime = new Peer
        {
            Id = "00:00:5e:00:53:e2",
            Host = "127.0.0.1",
            Port = (uint)ports[1],
            Model = PeerModel.Outbound,
            Include = { "e164" },
            Qualify = false,
            InKey = await File.ReadAllTextAsync(b.PublicKeyPath),
        };
        await using (var first = await TestNode.StartAsync(data, settingsA))
        {
            using var channel = AdminClient.Channel(first);
            await new PeerService.PeerServiceClient(channel).AddPeerAsync(new AddPeerRequest { Peer = runtime });
        }

        await using var again = await TestNode.StartAsync(data, settingsA);
        using var againChannel = AdminClient.Channel(again);
        var state = (await new PeerService.PeerServiceClient(againChannel).GetPeerAsync(new GetPeerRequest { Id = runtime.Id })).Peer;
        var answer = await again.Http.GetStringAsync(new Uri("/lookup/4001", UriKind.Relative));

        Assert.True(state.State.Encrypted);
        Assert.Equal(runtime.InKey.Trim(), state.Peer.InKey.Trim());
        Assert.Equal("PJSIP/4001@pbx-b.example.net", answer.TrimEnd());
    }

    [Fact]
    public async Task RuntimePeers_SurviveARestart_RemovedOnesStayRemoved_AConfigPeerWithTheSameEidWins()
    {
        var data = _temp.Data("restart");
        await using (var node = await TestNode.StartAsync(data))
        {
            using var channel = AdminClient.Channel(node);
            var peers = new PeerService.PeerServiceClient(channel);
            await peers.AddPeerAsync(new AddPeerRequest { Peer = Outbound("00:00:5e:00:53:11", "192.0.2.11") });
            await peers.AddPeerAsync(new AddPeerRequest { Peer = Outbound("00:00:5e:00:53:12", "192.0.2.12") });
            await peers.AddPeerAsync(new AddPeerRequest { Peer = Outbound("00:00:5e:00:53:13", "192.0.2.13") });
            var changed = Outbound("00:00:5e:00:53:11", "192.0.2.111");
            changed.Permit.Add("e164");
            changed.Model = PeerModel.Symmetric;
            await peers.UpdatePeerAsync(new UpdatePeerRequest { Peer = changed });
            await peers.RemovePeerAsync(new RemovePeerRequest { Id = "00:00:5e:00:53:12" });
        }

        await using var again = await TestNode.StartAsync(
            data,
            new Dictionary<string, string?>
            {
                ["Dundi:Peers:0:Id"] = "00:00:5e:00:53:13",
                ["Dundi:Peers:0:Host"] = "192.0.2.130",
                ["Dundi:Peers:0:Model"] = "inbound",
                ["Dundi:Peers:0:Permit:0"] = "e164",
                ["Dundi:Peers:0:Qualify"] = "false",
            },
            services => services.AddLogging(logging => logging.AddFakeLogging()));
        using var againChannel = AdminClient.Channel(again);
        var list = (await new PeerService.PeerServiceClient(againChannel).ListPeersAsync(new ListPeersRequest())).Peers;

        Assert.Equal(["00:00:5e:00:53:11", "00:00:5e:00:53:13"], list.Select(p => p.Peer.Id));
        Assert.Equal((PeerSource.Runtime, "192.0.2.111", PeerModel.Symmetric), (list[0].Peer.Source, list[0].Peer.Host, list[0].Peer.Model));
        Assert.Equal(["e164"], list[0].Peer.Permit);
        Assert.Equal((PeerSource.Config, "192.0.2.130"), (list[1].Peer.Source, list[1].Peer.Host));
        Assert.Contains(again.Services.GetFakeLogCollector().GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("00:00:5e:00:53:13", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EncryptedRuntimePeer_PemGivenInTheCall_LookupsGoEncrypted()
    {
        using var keys = new TempDirectory();
        var a = DundiKeyFile.GenerateKeyPair(keys.Path, "a");
        var b = DundiKeyFile.GenerateKeyPair(keys.Path, "b");
        await using var mesh = await new Mesh()
            .Node("A")
            .Node("B", ("_4XXX", "iax2:pbx-b.example.net/${NUMBER}"))
            .Set("A", "Dundi:PrivateKey", a.PrivateKeyPath)
            .Set("B", "Dundi:PrivateKey", b.PrivateKeyPath)
            .Set("B", "Dundi:Peers:0:Id", Mesh.Eid("A").ToString())
            .Set("B", "Dundi:Peers:0:Host", "127.0.0.1")
            .Set("B", "Dundi:Peers:0:Port", "9")
            .Set("B", "Dundi:Peers:0:Model", "inbound")
            .Set("B", "Dundi:Peers:0:Permit:0", "e164")
            .Set("B", "Dundi:Peers:0:Qualify", "false")
            .Set("B", "Dundi:Peers:0:InKey", a.PublicKeyPath)
            .StartAsync();
        using var channel = AdminClient.Channel(mesh["A"]);
        var peers = new PeerService.PeerServiceClient(channel);
        var pem = (await File.ReadAllTextAsync(b.PublicKeyPath)).Trim();
        var peer = new Peer { Id = Mesh.Eid("B").ToString(), Host = "127.0.0.1", Port = (uint)mesh["B"].DundiAddress.Port, Model = PeerModel.Outbound, Include = { "e164" }, Qualify = false, InKey = pem };

        var added = await peers.AddPeerAsync(new AddPeerRequest { Peer = peer });

        Assert.Equal((true, pem), (added.Peer.State.Encrypted, added.Peer.Peer.InKey));
        Assert.Equal((HttpStatusCode.OK, "IAX2/pbx-b.example.net/4001"), await LookupAsync(mesh["A"], "4001"));
        var sent = mesh.Wire.Sent;
        Assert.Contains(sent, s => s.From == "A" && s.Message.Command == DundiCommand.Encrypt);
        Assert.Contains(sent, s => s.From == "B" && s.Message.Command == DundiCommand.Encrypt);
        Assert.DoesNotContain(sent, s => DundiCipher.MustEncrypt(s.Message.Command));
    }

    private Peer PeerB() => new()
    {
        Id = Mesh.Eid("B").ToString(),
        Host = "127.0.0.1",
        Port = (uint)B.DundiAddress.Port,
        Model = PeerModel.Outbound,
        Include = { "e164" },
    };

    private static Peer Outbound(string id, string host) => new() { Id = id, Host = host, Model = PeerModel.Outbound, Include = { "e164" }, Qualify = false };

    private static Google.Protobuf.Collections.RepeatedField<BadRequest.Types.FieldViolation> Violations(RpcException failure) =>
        failure.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations ?? throw new Xunit.Sdk.XunitException($"no field violations in: {failure.Status}");

    private static async Task<(HttpStatusCode, string)> LookupAsync(TestNode node, string number)
    {
        using var response = await node.Http.GetAsync(new Uri($"/lookup/{number}?timeout=2", UriKind.Relative));
        return (response.StatusCode, (await response.Content.ReadAsStringAsync()).TrimEnd());
    }

    // A new socket each time: a packet repeated from the same source would be taken as a retransmission.
    private static async Task<DundiMessage> AskAsync(TestNode node)
    {
        using var probe = new WireProbe(node.DundiAddress, IPAddress.Parse("127.0.0.2"));
        probe.Send(HexFixture.Number(1).Wire);
        return await probe.ReceiveAnswerAsync();
    }

    /// <summary>Polls the peer's state until <paramref name="condition"/> holds, bounded by <see cref="Limit"/>.</summary>
    private static async Task<PeerStatus> UntilAsync(PeerService.PeerServiceClient peers, string id, Func<PeerStatus, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = (await peers.GetPeerAsync(new GetPeerRequest { Id = id })).Peer;
            if (condition(status))
            {
                return status;
            }

            if (clock.Elapsed > Limit)
            {
                throw new Xunit.Sdk.XunitException($"peer {id} did not get there within {Limit.TotalSeconds} s; last state: {status.State}");
            }

            await Task.Delay(20);
        }
    }
}
