using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;
using NumberDirectory.Server.Hosting;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Admin;

/// <summary>
/// Where every admin service records what it changed, once the change is durable: the caller the
/// interceptor admitted, the node's time, the RPC, and the object before and after as compact proto3
/// JSON. Entries go to the data file, bounded by <c>Audit:MaxEntries</c> and <c>Audit:MaxAgeDays</c>.
/// </summary>
/// <remarks>README "Audit log"; docs/architecture.md §Audit log.</remarks>
internal sealed class AuditLog(AuditStore store, TimeProvider time, IOptions<AuditOptions> options)
{
    private static readonly JsonFormatter Compact = new(JsonFormatter.Settings.Default);

    /// <summary>Records one change made by the call in <paramref name="context"/>.</summary>
    public void Record(ServerCallContext context, AuditChange change) => Record(context, [change]);

    /// <summary>Records changes made by one call, in one write.</summary>
    public void Record(ServerCallContext context, IReadOnlyCollection<AuditChange> changes)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var actor = AdminAuthInterceptor.Caller(context);
        var action = Action(context.Method);
        var documents = changes.Select(c => new AuditDocument
        {
            TimeUtc = now,
            Actor = actor,
            Action = action,
            Subject = c.Subject,
            Before = c.Before is null ? null : Compact.Format(c.Before),
            After = c.After is null ? null : Compact.Format(c.After),
            Summary = c.Summary,
        }).ToList();
        var bound = options.Value;
        store.Append(documents, bound.MaxEntries, bound.MaxAgeDays == 0 ? null : now.AddDays(-bound.MaxAgeDays));
    }

    /// <summary>The RPC's name from the gRPC method path (<c>/numberdirectory.admin.v1.RangeService/PublishRange</c>).</summary>
    private static string Action(string method) => method[(method.LastIndexOf('/') + 1)..];
}
