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
internal sealed partial class NodeAdminService(
    NodeIdentity identity,
    IServer server,
    AdminListener admin,
    AgiListener agi,
    RangeTable ranges,
    LookupCache cache,
    NodeDatabase database,
    TimeProvider time,
    IServiceProvider services,
    AuditLog audit,
    ILogger<NodeAdminService> logger) : Proto.NodeService.NodeServiceBase
{
    public override Task<Proto.ImportDundiResponse> ImportDundi(Proto.ImportDundiRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.DundiConf))
        {
            throw AdminErrors.InvalidArgument("dundi_conf", "is empty: send the text of dundi.conf (numdir import-dundi --dundi FILE)");
        }

        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<(string, string)>();
        for (var i = 0; i < request.Keys.Count; i++)
        {
            var key = request.Keys[i];
            if (string.IsNullOrWhiteSpace(key.Name) || !keys.TryAdd(key.Name.Trim(), key.Pem))
            {
                problems.Add(($"keys[{i}].name", string.IsNullOrWhiteSpace(key.Name) ? "is empty: name the key as inkey does (the file name without .pub)" : $"'{key.Name}' is sent twice; send each key once"));
            }
        }

        if (problems.Count > 0)
        {
            throw AdminErrors.InvalidArgument("the keys are not valid", problems);
        }

        var peers = services.GetService<DundiPeerCatalog>();
        var plan = DundiImportPlan.Make(request.DundiConf, request.ExtensionsConf, keys, ranges, peers);
        if (!request.Apply)
        {
            return Task.FromResult(plan.ToResponse(applied: false));
        }

        if (plan.Conflicts.Count > 0)
        {
            var failure = new Google.Rpc.PreconditionFailure();
            failure.Violations.AddRange(plan.Conflicts.Select(c => new Google.Rpc.PreconditionFailure.Types.Violation { Type = "IMPORT", Subject = c.Split(':', 2)[0], Description = c }));
            throw new Google.Rpc.Status
            {
                Code = (int)Google.Rpc.Code.FailedPrecondition,
                Message = $"the import was not applied, nothing was created: {string.Join("; ", plan.Conflicts)}",
                Details = { Any.Pack(failure) },
            }.ToRpcException();
        }

        Apply(plan, peers, AdminAuthInterceptor.Caller(context));
        var response = plan.ToResponse(applied: true);
        audit.Record(context, [
            .. response.Ranges.Select(r => new AuditChange($"range {(r.Context.Length == 0 ? NumberDirectory.Core.Lookup.LookupContexts.Default : r.Context)}/{r.Pattern}", null, r, "published by a dundi.conf import")),
            .. response.Peers.Select(p => new AuditChange($"peer {p.Id}", null, p, "added by a dundi.conf import")),
        ]);
        return Task.FromResult(response);
    }

    /// <summary>
    /// Creates the plan's ranges and peers. Checked just before, so a failure here means something
    /// changed in between: what was created is taken back and the call fails, so an import is all or nothing.
    /// </summary>
    private void Apply(DundiImportPlan plan, DundiPeerCatalog? peers, string caller)
    {
        var catalog = services.GetRequiredService<RangeCatalog>();
        var published = new List<PublishedRange>();
        var added = new List<NumberDirectory.Core.Numbers.NodeId>();
        string? failed = null;
        foreach (var definition in plan.Ranges)
        {
            if (!catalog.TryPublish(definition, out var range, out var errors, out _))
            {
                failed = $"range {definition.Pattern} in {definition.Context}: {string.Join("; ", errors)}";
                break;
            }

            published.Add(range);
        }

        foreach (var settings in failed is null ? plan.Peers : [])
        {
            if (peers!.Add(settings, out var peer, out var problems) != DundiPeerChange.Done)
            {
                failed = $"peer {settings.Id}: {(problems.Count == 0 ? "it exists already" : string.Join("; ", problems.Select(p => $"{p.Member}: {p.Problem}")))}";
                break;
            }

            added.Add(peer!.Id);
        }

        if (failed is not null)
        {
            published.ForEach(r => catalog.TryWithdraw(r.Context, r.Pattern.Text, out _));
            added.ForEach(id => peers?.Remove(id, out _));
            throw new RpcException(new Status(StatusCode.Aborted, $"the node changed while importing, nothing was kept: {failed}; run the import again"));
        }

        LogImported(published.Count, added.Count, caller);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DUNDi import applied: {Ranges} range(s) and {Peers} peer(s) created by {Caller}")]
    private partial void LogImported(int ranges, int peers, string caller);

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
