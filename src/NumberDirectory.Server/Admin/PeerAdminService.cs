using Grpc.Core;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Server.Dundi;
using Proto = NumberDirectory.Admin.V1;

namespace NumberDirectory.Server.Admin;

/// <summary>
/// Lists, adds, changes and removes DUNDi peers with their live state. A change is durable in the data
/// file before the call returns and in effect at once: the next lookup asks an added peer (qualify
/// probes it within a second), and a removed one is no longer asked and its queries are refused as
/// from an unknown EID. Config-owned peers are read-only.
/// </summary>
/// <remarks>docs/architecture.md §Admin API.</remarks>
internal sealed partial class PeerAdminService(IServiceProvider services, AuditLog audit, ILogger<PeerAdminService> logger) : Proto.PeerService.PeerServiceBase
{
    // Absent when the DUNDi door is off (Dundi:Enabled false): then there are no peers to manage.
    private readonly DundiPeerTable? _table = services.GetService<DundiPeerTable>();
    private readonly DundiPeerCatalog? _catalog = services.GetService<DundiPeerCatalog>();
    private readonly DundiPeerKeys? _keys = services.GetService<DundiPeerKeys>();

    public override Task<Proto.ListPeersResponse> ListPeers(Proto.ListPeersRequest request, ServerCallContext context)
    {
        var (table, _, keys) = Dundi();
        DundiPeerSource? source = request.Source switch
        {
            Proto.PeerSource.Config => DundiPeerSource.Config,
            Proto.PeerSource.Runtime => DundiPeerSource.Runtime,
            _ => null,
        };
        var response = new Proto.ListPeersResponse();
        response.Peers.AddRange(table.All
            .Where(p => source is null || p.Source == source)
            .OrderBy(p => p.Id.ToString(), StringComparer.Ordinal)
            .Select(p => PeerAdminMapping.Status(p, keys)));
        return Task.FromResult(response);
    }

    public override Task<Proto.GetPeerResponse> GetPeer(Proto.GetPeerRequest request, ServerCallContext context)
    {
        var (table, _, keys) = Dundi();
        var id = Id(request.Id);
        return table.TryGet(id, out var peer)
            ? Task.FromResult(new Proto.GetPeerResponse { Peer = PeerAdminMapping.Status(peer, keys) })
            : throw new RpcException(new Status(StatusCode.NotFound, $"there is no peer {id}; ListPeers shows them all"));
    }

    public override Task<Proto.AddPeerResponse> AddPeer(Proto.AddPeerRequest request, ServerCallContext context)
    {
        var (table, catalog, keys) = Dundi();
        var settings = PeerAdminMapping.Options(request.Peer ?? throw Missing());
        switch (catalog.Add(settings, out var peer, out var problems))
        {
            case DundiPeerChange.Done:
                var caller = AdminAuthInterceptor.Caller(context);
                LogChanged(peer!.Id, "added", caller);
                var added = new Proto.AddPeerResponse { Peer = PeerAdminMapping.Status(peer, keys) };
                audit.Record(context, new AuditChange(AuditObject(peer.Id), null, added.Peer.Peer, "added"));
                return Task.FromResult(added);
            case DundiPeerChange.Exists:
                var existing = table.TryGet(NodeId.Parse(settings.Id), out var found) ? found : null;
                throw new RpcException(new Status(StatusCode.AlreadyExists, $"peer {existing?.Id} exists already (source {existing?.Source.ToString().ToLowerInvariant()}); use UpdatePeer to change it, or remove it first"));
            default:
                throw PeerAdminMapping.Invalid("the peer cannot be added", problems);
        }
    }

    public override Task<Proto.UpdatePeerResponse> UpdatePeer(Proto.UpdatePeerRequest request, ServerCallContext context)
    {
        var (table, catalog, keys) = Dundi();
        var settings = PeerAdminMapping.Options(request.Peer ?? throw Missing());
        var before = NodeId.TryParse(settings.Id, out var id) && table.TryGet(id, out var existing) ? PeerAdminMapping.Settings(existing) : null;
        return catalog.Update(settings, out var peer, out var problems) switch
        {
            DundiPeerChange.Done => Changed(peer!, "updated", context, before, p => new Proto.UpdatePeerResponse { Peer = PeerAdminMapping.Status(p, keys) }, r => r.Peer.Peer),
            DundiPeerChange.NotFound => throw new RpcException(new Status(StatusCode.NotFound, $"there is no peer {NodeId.Parse(settings.Id)}; use AddPeer")),
            DundiPeerChange.ConfigOwned => throw ConfigOwned(NodeId.Parse(settings.Id), "change"),
            _ => throw PeerAdminMapping.Invalid("the peer cannot be updated", problems),
        };
    }

    public override Task<Proto.RemovePeerResponse> RemovePeer(Proto.RemovePeerRequest request, ServerCallContext context)
    {
        var (_, catalog, _) = Dundi();
        var id = Id(request.Id);
        return catalog.Remove(id, out var removed) switch
        {
            DundiPeerChange.Done => Changed(removed!, "removed", context, PeerAdminMapping.Settings(removed!), p => new Proto.RemovePeerResponse { Peer = PeerAdminMapping.Settings(p) }, _ => null),
            DundiPeerChange.ConfigOwned => throw ConfigOwned(id, "remove"),
            _ => throw new RpcException(new Status(StatusCode.NotFound, $"there is no peer {id}; ListPeers shows them all")),
        };
    }

    private Task<T> Changed<T>(DundiPeer peer, string change, ServerCallContext context, Proto.Peer? before, Func<DundiPeer, T> response, Func<T, Proto.Peer?> after)
    {
        var caller = AdminAuthInterceptor.Caller(context);
        LogChanged(peer.Id, change, caller);
        var result = response(peer);
        audit.Record(context, new AuditChange(AuditObject(peer.Id), before, after(result), change));
        return Task.FromResult(result);
    }

    /// <summary>The peer as the audit log names it: <c>peer 00:00:5e:00:53:01</c>.</summary>
    internal static string AuditObject(NodeId id) => $"peer {id}";

    private (DundiPeerTable Table, DundiPeerCatalog Catalog, DundiPeerKeys Keys) Dundi() =>
        _table is not null && _catalog is not null && _keys is not null
            ? (_table, _catalog, _keys)
            : throw new RpcException(new Status(StatusCode.FailedPrecondition, "the DUNDi door is off (Dundi:Enabled is false): this node has no peers; turn it on in the configuration file and restart the node"));

    private static NodeId Id(string id) =>
        NodeId.TryParse(id?.Trim(), out var parsed) && !parsed.IsEmpty
            ? parsed
            : throw AdminErrors.InvalidArgument("id", $"'{id}' is not an EID; write six hex bytes like 00:00:5e:00:53:0b");

    private static RpcException Missing() => AdminErrors.InvalidArgument("peer", "is missing: give at least the peer's id, host and the contexts to include or permit");

    private static RpcException ConfigOwned(NodeId id, string verb) =>
        new(new Status(StatusCode.FailedPrecondition, $"peer {id} comes from the configuration file (Dundi:Peers): {verb} it there and restart the node"));

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer} {Change} by {Caller}")]
    private partial void LogChanged(NodeId peer, string change, string caller);
}
