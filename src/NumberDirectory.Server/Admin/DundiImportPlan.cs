using System.Text.Json;
using System.Text.Json.Nodes;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.Hosting;
using NumberDirectory.Server.Import;
using NumberDirectory.Server.Storage;
using Proto = NumberDirectory.Admin.V1;

namespace NumberDirectory.Server.Admin;

/// <summary>
/// What an import of dundi.conf and extensions.conf would create on this node, checked against what
/// the node holds: the ranges and peers, the lines not translated, the topology settings left for
/// appsettings.json, and everything an apply would refuse (docs/architecture.md §Admin API).
/// </summary>
internal sealed record DundiImportPlan(
    DundiImportResult Result,
    IReadOnlyList<RangeDefinition> Ranges,
    IReadOnlyList<DundiPeerOptions> Peers,
    JsonObject Topology,
    IReadOnlyList<string> Conflicts)
{
    /// <summary>The names the configuration uses for the two files, in reports.</summary>
    public const string DundiFile = "dundi.conf";

    /// <summary>The dialplan file's name in reports.</summary>
    public const string ExtensionsFile = "extensions.conf";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Runs the importer on the texts and checks what it produced against the node's ranges and, when
    /// DUNDi is on, its peers; <paramref name="keys"/> are the public keys (PEM by name) the peers'
    /// <c>inkey</c> lines name.
    /// </summary>
    public static DundiImportPlan Make(string dundiConf, string extensionsConf, IReadOnlyDictionary<string, string> keys, RangeTable table, DundiPeerCatalog? peerCatalog)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(table);
        var result = DundiConfImporter.Import(DundiFile, dundiConf, ExtensionsFile, extensionsConf);
        var conflicts = new List<string>();

        var ranges = new List<RangeDefinition>();
        var rangeArray = result.Configuration[RangeOptions.Section]?.AsArray() ?? [];
        for (var i = 0; i < rangeArray.Count; i++)
        {
            var definition = RangesOptionsValidator.ToDefinition(rangeArray[i].Deserialize<RangeOptions>()!);
            ranges.Add(definition);
            if (!definition.TryBuild(RangeSource.Runtime, out var range, out var problems))
            {
                conflicts.AddRange(problems.Select(p => $"range {definition.Pattern} in {definition.Context}: {p}"));
            }
            else if (table.Get(range.Context, range.Pattern.Text) is { } existing)
            {
                conflicts.Add($"range {existing.Pattern.Text} in {existing.Context} is already published (source {existing.Source.ToString().ToLowerInvariant()}); withdraw it first or leave its mapping out");
            }
        }

        var dundi = result.Configuration[DundiOptions.Section]?.AsObject();
        var peerArray = dundi?[nameof(DundiOptions.Peers)]?.AsArray() ?? [];
        var peers = new List<DundiPeerOptions>();
        foreach (var imported in peerArray.Select(p => p.Deserialize<DundiPeerOptions>()!))
        {
            var peer = WithKey(imported, keys, conflicts);
            peers.Add(peer);
            if (peerCatalog is null)
            {
                conflicts.Add($"peer {peer.Id}: DUNDi is off on this node (Dundi:Enabled is false); turn it on to import peers");
                continue;
            }

            switch (peerCatalog.CheckAdd(peer, out var problems))
            {
                case DundiPeerChange.Exists:
                    conflicts.Add($"peer {peer.Id} exists already; remove it first or leave its section out");
                    break;
                case DundiPeerChange.Invalid:
                    conflicts.AddRange(problems.Select(p => $"peer {peer.Id}: {p.Member}: {p.Problem}"));
                    break;
            }
        }

        // The topology is what is left for the configuration file: the node's own settings, never
        // the peers and ranges, which become runtime ones.
        var topology = (JsonObject)result.Configuration.DeepClone();
        topology.Remove(RangeOptions.Section);
        (topology[DundiOptions.Section] as JsonObject)?.Remove(nameof(DundiOptions.Peers));
        return new DundiImportPlan(result, ranges, peers, topology, conflicts);
    }

    /// <summary>
    /// The peer as the import made it, its <c>inkey</c> file replaced by the PEM text sent under that
    /// key's name; a key not sent is a conflict (the peer is kept for the dry run's list).
    /// </summary>
    private static DundiPeerOptions WithKey(DundiPeerOptions peer, IReadOnlyDictionary<string, string> keys, List<string> conflicts)
    {
        if (string.IsNullOrWhiteSpace(peer.InKey))
        {
            return peer;
        }

        var name = Path.GetFileNameWithoutExtension(peer.InKey.Trim());
        if (keys.TryGetValue(name, out var pem))
        {
            peer.InKey = pem;
        }
        else
        {
            conflicts.Add($"peer {peer.Id}: its inkey names the key '{name}', which was not sent; send it (numdir import-dundi --keys DIR reads DIR/{name}.pub)");
        }

        return peer;
    }

    /// <summary>The topology settings as indented JSON.</summary>
    public string TopologyJson => Topology.ToJsonString(Indented);

    /// <summary>The plan as the admin contract carries it.</summary>
    public Proto.ImportDundiResponse ToResponse(bool applied)
    {
        var response = new Proto.ImportDundiResponse { TopologyJson = TopologyJson, Applied = applied };
        response.Conflicts.AddRange(Conflicts);
        foreach (var definition in Ranges)
        {
            response.Ranges.Add(definition.TryBuild(RangeSource.Runtime, out var range, out _)
                ? RangeAdminService.ToProto(range)
                : new Proto.Range { Context = definition.Context ?? string.Empty, Pattern = definition.Pattern ?? string.Empty });
        }

        response.Peers.AddRange(Peers.Select(Peer));
        response.Issues.AddRange(Result.Issues.Select(i => new Proto.ImportIssue
        {
            File = i.File,
            Line = i.Line,
            Text = i.Text,
            Reason = i.Reason,
            Advice = i.Advice,
            Kind = i.Kind == ImportIssueKind.NotNeeded ? Proto.ImportIssueKind.NotNeeded : Proto.ImportIssueKind.NotTranslated,
        }));
        return response;
    }

    private static Proto.Peer Peer(DundiPeerOptions options)
    {
        var peer = new Proto.Peer
        {
            Id = options.Id,
            Host = options.Host ?? string.Empty,
            Port = (uint)Math.Max(options.Port, 0),
            Model = options.Model?.ToLowerInvariant() switch
            {
                "outbound" => Proto.PeerModel.Outbound,
                "inbound" => Proto.PeerModel.Inbound,
                _ => Proto.PeerModel.Symmetric,
            },
            Order = options.Order,
            Qualify = options.Qualify,
            QualifyMax = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMilliseconds(options.QualifyMaxMs)),
            Register = options.Register,
            Precache = options.Precache,
            InKey = options.InKey ?? string.Empty,
            Source = Proto.PeerSource.Runtime,
        };
        peer.Include.AddRange(options.Include);
        peer.Permit.AddRange(options.Permit);
        return peer;
    }
}
