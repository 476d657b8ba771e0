using System.CommandLine;
using NumberDirectory.Admin.V1;

namespace NumberDirectory.Cli;

/// <summary><c>numdir peers ls|show|add|update|rm</c>: the node's DUNDi peers and how each is doing (PeerService).</summary>
internal static class PeersCommand
{
    public static Command Create(CommonArguments common) => new("peers", "List, show, add, change and remove DUNDi peers")
    {
        List(common),
        Show(common),
        Add(common),
        Update(common),
        Remove(common),
    };

    private static Argument<string> Eid() => new("eid") { Description = "The peer's EID: 00:00:5e:00:53:0b" };

    private static Command List(CommonArguments common)
    {
        var source = new Option<string>("--source") { Description = "Only config or runtime peers" };
        source.AcceptOnlyFromAmong("config", "runtime");
        var command = new Command("ls", "Every peer with its live state") { source };
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var request = new ListPeersRequest
            {
                Source = parse.GetValue(source) switch { "config" => PeerSource.Config, "runtime" => PeerSource.Runtime, _ => PeerSource.Unspecified },
            };
            var peers = await new PeerService.PeerServiceClient(session.Channel).ListPeersAsync(request, session.Call(ct));
            await (session.Json ? session.WriteJsonAsync(peers) : PeerText.Table(peers.Peers).WriteAsync(session.Output));
            return NumdirCommand.ExitOk;
        }, ct));
        return command;
    }

    private static Command Show(CommonArguments common)
    {
        var eid = Eid();
        var command = new Command("show", "One peer, its settings and state") { eid };
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var got = await new PeerService.PeerServiceClient(session.Channel).GetPeerAsync(new GetPeerRequest { Id = parse.GetRequiredValue(eid) }, session.Call(ct));
            await (session.Json ? session.WriteJsonAsync(got) : PeerText.WriteAsync(session.Output, got.Peer));
            return NumdirCommand.ExitOk;
        }, ct));
        return command;
    }

    private static Command Add(CommonArguments common)
    {
        var eid = Eid();
        var settings = new PeerArguments();
        settings.Host.Required = true;
        var command = new Command("add", "Add a peer at runtime: peers add 00:00:5e:00:53:0b --host 192.0.2.11 --include e164 --permit e164") { eid };
        settings.AddTo(command);
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var peer = settings.Apply(parse, new Peer { Id = parse.GetRequiredValue(eid) });
            var added = await new PeerService.PeerServiceClient(session.Channel).AddPeerAsync(new AddPeerRequest { Peer = peer }, session.Call(ct));
            return await WrittenAsync(session, added, "added", added.Peer);
        }, ct));
        return command;
    }

    private static Command Update(CommonArguments common)
    {
        var eid = Eid();
        var settings = new PeerArguments();
        var command = new Command("update", "Change a runtime peer; what is not given stays") { eid };
        settings.AddTo(command);
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var client = new PeerService.PeerServiceClient(session.Channel);
            var current = (await client.GetPeerAsync(new GetPeerRequest { Id = parse.GetRequiredValue(eid) }, session.Call(ct))).Peer.Peer;
            var peer = settings.Apply(parse, current);

            // A config-owned peer shows its key file's path, not the key; sending that back would not be a key.
            if (parse.GetResult(settings.InKey) is not { Implicit: false } && !parse.GetValue(settings.Plaintext) && !peer.InKey.StartsWith("-----", StringComparison.Ordinal))
            {
                peer.InKey = string.Empty;
            }

            var updated = await client.UpdatePeerAsync(new UpdatePeerRequest { Peer = peer }, session.Call(ct));
            return await WrittenAsync(session, updated, "updated", updated.Peer);
        }, ct));
        return command;
    }

    private static Command Remove(CommonArguments common)
    {
        var eid = Eid();
        var command = new Command("rm", "Remove a runtime peer: it is no longer asked, and its queries are refused") { eid };
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var removed = await new PeerService.PeerServiceClient(session.Channel).RemovePeerAsync(new RemovePeerRequest { Id = parse.GetRequiredValue(eid) }, session.Call(ct));
            await (session.Json ? session.WriteJsonAsync(removed) : session.Output.WriteLineAsync($"removed {removed.Peer.Id} ({PeerText.Address(removed.Peer)})"));
            return NumdirCommand.ExitOk;
        }, ct));
        return command;
    }

    private static async Task<int> WrittenAsync(AdminSession session, Google.Protobuf.IMessage response, string verb, PeerStatus peer)
    {
        if (session.Json)
        {
            await session.WriteJsonAsync(response);
            return NumdirCommand.ExitOk;
        }

        await session.Output.WriteLineAsync($"{verb} {peer.Peer.Id}");
        await PeerText.WriteAsync(session.Output, peer);
        return NumdirCommand.ExitOk;
    }
}
