using System.Globalization;
using Google.Protobuf;
using NumberDirectory.Admin.V1;
using NumberDirectory.Cli;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.Tests.Dundi;

namespace NumberDirectory.Server.Tests;

/// <summary>
/// <c>numdir peers</c> and <c>import-dundi</c> against real nodes: PeerService and NodeService.ImportDundi.
/// A has B as a config-owned peer.
/// </summary>
public sealed class CliPendingServerTests : IAsyncLifetime
{
    private const string NewPeer = "00:00:5e:00:53:c0";
    private readonly TempDirectory _keys = new();
    private Mesh _mesh = null!;

    private TestNode A => _mesh["A"];

    private TestNode B => _mesh["B"];

    public async Task InitializeAsync()
    {
        // Encrypted peers (an inkey) need the node's own key pair; the import's key directory holds the
        // public key node B's dundi.conf names (inkey = nodea).
        var a = DundiKeyFile.GenerateKeyPair(_keys.Path, "a");
        var c = DundiKeyFile.GenerateKeyPair(_keys.Path, "c");
        Directory.CreateDirectory(AsteriskKeys);
        DundiKeyFile.GenerateKeyPair(AsteriskKeys, "nodea");
        _mesh = await new Mesh()
            .Node("A", ("_3XXX", "iax2:pbx-a.example.net/${NUMBER}"))
            .Node("B", ("_4XXX", "sip:${NUMBER}@pbx-b.example.net"))
            .Node("C")
            .Link("A", "B")
            .Set("A", "Dundi:PrivateKey", a.PrivateKeyPath)
            .Set("C", "Dundi:PrivateKey", c.PrivateKeyPath)
            .StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        _keys.Dispose();
    }

    private string AsteriskKeys => Path.Combine(_keys.Path, "asterisk");

    private Task<NumdirRun> AdminAsync(params string[] args) => Numdir.AdminAsync(A, args);

    /// <summary>Stdout of a run that must succeed; otherwise the failure shows what numdir printed.</summary>
    private static string Ok(NumdirRun run)
    {
        Assert.True(run.Exit == NumdirCommand.ExitOk, $"exit {run.Exit}: {run.Err}");
        return run.Out;
    }

    private static string Fixture(params string[] path) => Path.Combine([AppContext.BaseDirectory, "TestData", .. path]);

    [Fact]
    public async Task Peers_Ls_ShowsTheConfigPeerWithItsState()
    {
        var text = await AdminAsync("peers", "ls");
        var json = JsonParser.Default.Parse<ListPeersResponse>(Ok(await AdminAsync("peers", "ls", "--json")));

        Assert.Equal((NumdirCommand.ExitOk, string.Empty), text.Outcome);
        Assert.Matches(@"(?m)^EID\s+ADDRESS\s+MODEL\s+ORDER\s+SOURCE\s+STATE\s+RTT\s+KEY$", text.Out);
        Assert.Matches($@"(?m)^{Mesh.Eid("B")}\s+127\.0\.0\.1:{B.DundiAddress.Port}\s+symmetric\s+primary\s+config\s", text.Out);
        var b = Assert.Single(json.Peers);
        Assert.Equal((Mesh.Eid("B").ToString(), PeerSource.Config), (b.Peer.Id, b.Peer.Source));
    }

    [Fact]
    public async Task Peers_AddShowUpdateRm_ARuntimePeer()
    {
        var added = await AdminAsync(
            "peers", "add", NewPeer, "--host", "127.0.0.1", "--port", _mesh["C"].DundiAddress.Port.ToString(CultureInfo.InvariantCulture),
            "--model", "outbound", "--include", "e164", "--include", "internal", "--order", "secondary", "--qualify", "false",
            "--in-key", Path.Combine(_keys.Path, "c.pub"));
        Ok(added);
        var shown = JsonParser.Default.Parse<GetPeerResponse>(Ok(await AdminAsync("peers", "show", NewPeer, "--json"))).Peer.Peer;
        var updated = await AdminAsync("peers", "update", NewPeer, "--order", "tertiary");
        Ok(updated);
        var afterUpdate = JsonParser.Default.Parse<GetPeerResponse>(Ok(await AdminAsync("peers", "show", NewPeer, "--json"))).Peer.Peer;
        var removed = await AdminAsync("peers", "rm", NewPeer);
        var gone = await AdminAsync("peers", "show", NewPeer);

        Assert.StartsWith($"added {NewPeer}", added.Out, StringComparison.Ordinal);
        Assert.Equal((PeerModel.Outbound, "secondary", false, PeerSource.Runtime), (shown.Model, shown.Order, shown.Qualify, shown.Source));
        Assert.Equal(["e164", "internal"], shown.Include);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", shown.InKey, StringComparison.Ordinal);
        Assert.Equal((NumdirCommand.ExitOk, string.Empty), updated.Outcome);
        Assert.Equal(("tertiary", PeerModel.Outbound, "127.0.0.1", shown.InKey), (afterUpdate.Order, afterUpdate.Model, afterUpdate.Host, afterUpdate.InKey));
        Assert.Equal((NumdirCommand.ExitOk, string.Empty), removed.Outcome);
        Assert.Equal(NumdirCommand.ExitNotFound, gone.Exit);
    }

    [Fact]
    public async Task Peers_Add_OptionsNotGivenTakeTheNodesDefaults()
    {
        Ok(await AdminAsync("peers", "add", NewPeer, "--host", "127.0.0.1", "--include", "e164", "--permit", "e164"));

        var shown = JsonParser.Default.Parse<GetPeerResponse>(Ok(await AdminAsync("peers", "show", NewPeer, "--json"))).Peer.Peer;

        // Qualify is on unless turned off; register and precache are off unless turned on.
        Assert.Equal((true, false, false, 4520u), (shown.Qualify, shown.Register, shown.Precache, shown.Port));
    }

    [Fact]
    public async Task Peers_AddTwice_AlreadyExists_UpdateOfConfigPeer_FailedPrecondition()
    {
        Ok(await AdminAsync("peers", "add", NewPeer, "--host", "127.0.0.1", "--include", "e164", "--permit", "e164"));

        var twice = await AdminAsync("peers", "add", NewPeer, "--host", "127.0.0.1", "--include", "e164", "--permit", "e164");
        var config = await AdminAsync("peers", "update", Mesh.Eid("B").ToString(), "--order", "secondary");
        var invalid = await AdminAsync("peers", "add", "not-an-eid", "--host", "127.0.0.1");

        Assert.True(twice.Exit == NumdirCommand.ExitRefused, twice.Err);
        Assert.True(twice.Err.Contains("ALREADY_EXISTS", StringComparison.Ordinal), twice.Err);
        Assert.True(config.Exit == NumdirCommand.ExitRefused, config.Err);
        Assert.True(config.Err.Contains("FAILED_PRECONDITION", StringComparison.Ordinal), config.Err);
        Assert.Equal(NumdirCommand.ExitRefused, invalid.Exit);
        Assert.Matches(@"(?m)^  peer\.id: \S", invalid.Err);
    }

    [Fact]
    public async Task ImportDundi_DryRunThenApply_ThePeersRangesAndKeysOfAnAsteriskNode()
    {
        var node = _mesh["C"];
        string[] import = ["import-dundi", "--dundi", Fixture("asterisk-conf", "node-b-dundi.conf.encrypted"), "--extensions", Fixture("asterisk-conf", "node-b-extensions.conf"), "--keys", AsteriskKeys];

        var dryRun = await Numdir.AdminAsync(node, [.. import, "--json"]);
        var beforeApply = JsonParser.Default.Parse<ListRangesResponse>(Ok(await Numdir.AdminAsync(node, "ranges", "ls", "--json")));
        var text = await Numdir.AdminAsync(node, import);
        var applied = await Numdir.AdminAsync(node, [.. import, "--apply", "--json"]);
        var afterApply = JsonParser.Default.Parse<ListRangesResponse>(Ok(await Numdir.AdminAsync(node, "ranges", "ls", "--source", "runtime", "--json")));

        var planned = JsonParser.Default.Parse<ImportDundiResponse>(Ok(dryRun));
        Assert.False(planned.Applied);
        var peer = Assert.Single(planned.Peers);
        Assert.Equal("02:00:00:00:00:0a", peer.Id);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", peer.InKey, StringComparison.Ordinal);
        Assert.Equal(["_40XX", "_4XXX"], planned.Ranges.Select(r => r.Pattern).Order());
        Assert.Contains(planned.Issues, i => i.Text.Contains("autokill", StringComparison.Ordinal));
        Assert.Empty(beforeApply.Ranges);
        Assert.StartsWith("dry run: nothing changed", text.Out, StringComparison.Ordinal);
        Assert.Contains("dundi.conf:", text.Out, StringComparison.Ordinal);
        Assert.True(JsonParser.Default.Parse<ImportDundiResponse>(applied.Out).Applied);
        Assert.Equal(["_40XX", "_4XXX"], afterApply.Ranges.Select(r => r.Pattern).Order());
        Assert.Equal(NumdirCommand.ExitOk, (await Numdir.AdminAsync(node, "peers", "show", "02:00:00:00:00:0a")).Exit);
    }
}
