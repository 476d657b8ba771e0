using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NumberDirectory.Server.Storage;
using Proto = NumberDirectory.Admin.V1;

namespace NumberDirectory.Server.Admin;

/// <summary>Lists the audit log, newest first (README "Audit log").</summary>
internal sealed class AuditAdminService(AuditStore store) : Proto.AuditService.AuditServiceBase
{
    public override Task<Proto.ListAuditEntriesResponse> ListAuditEntries(Proto.ListAuditEntriesRequest request, ServerCallContext context)
    {
        var (size, after) = AdminPaging.Read(request.PageSize, request.PageToken);
        long? before = null;
        if (after is not null)
        {
            before = long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? id
                : throw AdminErrors.InvalidArgument("page_token", "is not a token this node gave; pass the next_page_token of the previous response, or leave it empty");
        }

        DateTime? since = null;
        if (request.Since is { } at)
        {
            since = at.Nanos is >= 0 and < 1_000_000_000 && at.Seconds is >= -62_135_596_800 and <= 253_402_300_799
                ? at.ToDateTime()
                : throw AdminErrors.InvalidArgument("since", "is not a valid time; give an RFC 3339 time such as 2026-12-02T17:00:00Z");
        }

        // One more than asked tells whether an older page exists without a second query.
        var (entries, total) = store.Find(new AuditQuery(since, request.Actor, request.Action, request.ObjectPrefix, before, size + 1));
        var page = entries.Take(size).ToList();
        var response = new Proto.ListAuditEntriesResponse
        {
            TotalSize = total,
            NextPageToken = entries.Count > size ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(page[^1].Id.ToString(CultureInfo.InvariantCulture))) : string.Empty,
        };
        response.Entries.AddRange(page.Select(e => new Proto.AuditEntry
        {
            Id = e.Id,
            // LiteDB hands dates back in local time.
            Time = Timestamp.FromDateTime(e.TimeUtc.Kind == DateTimeKind.Utc ? e.TimeUtc : e.TimeUtc.ToUniversalTime()),
            Actor = e.Actor,
            Action = e.Action,
            Object = e.Subject,
            BeforeJson = e.Before ?? string.Empty,
            AfterJson = e.After ?? string.Empty,
            Summary = e.Summary,
        }));
        return Task.FromResult(response);
    }
}
