using System.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.Agi;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.EnumDns;
using NumberDirectory.Server.Hosting;
using NumberDirectory.Server.Storage;
using Proto = NumberDirectory.Admin.V1;

namespace NumberDirectory.Server.Admin;

/// <summary>Who the node is, what it runs and what it holds.</summary>
internal sealed class NodeAdminService(
    NodeIdentity identity,
    IServer server,
    AdminListener admin,
    AgiListener agi,
    RangeTable ranges,
    LookupCache cache,
    NodeDatabase database,
    TimeProvider time,
    IServiceProvider services) : Proto.NodeService.NodeServiceBase
{
    private static readonly string Version =
        typeof(NodeAdminService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public override Task<Proto.GetNodeInfoResponse> GetNodeInfo(Proto.GetNodeInfoRequest request, ServerCallContext context)
    {
        var dundi = services.GetService<DundiEndpoint>();
        var response = new Proto.GetNodeInfoResponse
        {
            Eid = identity.Id.ToString(),
            Version = Version,
            StartedAt = Timestamp.FromDateTimeOffset(identity.StartedAt),
            Uptime = Duration.FromTimeSpan(time.GetUtcNow() - identity.StartedAt),
            Ranges = ranges.Count,
            Peers = services.GetService<DundiPeerTable>()?.All.Count ?? 0,
            CacheEntries = cache.Count,
            DataFile = database.FilePath,
        };
        var adminAddress = admin.LocalEndpoint?.ToString();
        var jsonAddress = admin.JsonEndpoint?.ToString();
        foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            var hostPort = Uri.TryCreate(address, UriKind.Absolute, out var uri) ? $"{uri.Host}:{uri.Port}" : address;
            if (hostPort != adminAddress && hostPort != jsonAddress)
            {
                response.Listeners.Add(new Proto.Listener { Door = "http", Address = hostPort, Transport = "tcp" });
            }
        }

        response.Listeners.Add(new Proto.Listener { Door = "agi", Address = agi.LocalEndpoint?.ToString() ?? string.Empty, Transport = "tcp" });
        response.Listeners.Add(new Proto.Listener { Door = "dundi", Address = dundi?.LocalEndpoint.ToString() ?? string.Empty, Transport = "udp" });
        response.Listeners.Add(new Proto.Listener { Door = "enum", Address = services.GetService<EnumListener>()?.LocalEndpoint?.ToString() ?? string.Empty, Transport = "udp+tcp" });
        response.Listeners.Add(new Proto.Listener { Door = "admin", Address = adminAddress ?? string.Empty, Transport = "tcp" });
        if (jsonAddress is not null)
        {
            response.Listeners.Add(new Proto.Listener { Door = "admin-json", Address = jsonAddress, Transport = "tcp" });
        }
        return Task.FromResult(response);
    }
}
