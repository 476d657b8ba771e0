using System.CommandLine;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using NumberDirectory.Admin.V1;

namespace NumberDirectory.Cli;

/// <summary><c>numdir audit</c>: who changed what through the admin API, newest first (AuditService).</summary>
internal static class AuditCommand
{
    public static Command Create(CommonArguments common)
    {
        var since = new Option<DateTimeOffset?>("--since")
        {
            Description = "Only changes since this time (2026-12-02T17:00:00Z) or this long ago (90m, 12h, 7d)",
            HelpName = "time",
            CustomParser = result => Since(result.Tokens.Single().Value, result.AddError),
        };
        var actor = new Option<string>("--actor") { Description = "Only changes by this token name, or 'client 127.0.0.1'", HelpName = "name" };
        var action = new Option<string>("--action") { Description = "Only this RPC: PublishRange, UpdateRange, WithdrawRange, ImportRanges, AddPeer, ...", HelpName = "rpc" };
        var subject = new Option<string>("--object") { Description = "Only objects starting with this ('range e164/_4', 'peer ')", HelpName = "prefix" };
        var limit = Paging.LimitOption();
        var pageSize = Paging.PageSizeOption();
        var command = new Command("audit", "The audit log: every change made through the admin API, who made it, and the object before and after") { since, actor, action, subject, limit, pageSize };
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var client = new AuditService.AuditServiceClient(session.Channel);
            var request = new ListAuditEntriesRequest
            {
                Actor = parse.GetValue(actor) ?? string.Empty,
                Action = parse.GetValue(action) ?? string.Empty,
                ObjectPrefix = parse.GetValue(subject) ?? string.Empty,
            };
            if (parse.GetValue(since) is { } from)
            {
                request.Since = Timestamp.FromDateTimeOffset(from);
            }

            var (entries, next, total) = await Paging.CollectAsync<AuditEntry>(async (token, size) =>
            {
                var page = await client.ListAuditEntriesAsync(new ListAuditEntriesRequest(request) { PageToken = token, PageSize = size }, session.Call(ct));
                return (page.Entries, page.NextPageToken, page.TotalSize);
            }, parse.GetValue(limit), parse.GetValue(pageSize));
            if (session.Json)
            {
                await session.WriteJsonAsync(new ListAuditEntriesResponse { Entries = { entries }, NextPageToken = next, TotalSize = total });
                return NumdirCommand.ExitOk;
            }

            var table = new TextTable("TIME", "ACTOR", "ACTION", "OBJECT", "SUMMARY");
            foreach (var entry in entries)
            {
                table.Add(entry.Time?.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-", entry.Actor, entry.Action, entry.Object, entry.Summary);
            }

            await table.WriteAsync(session.Output);
            if (entries.Count < total)
            {
                await session.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"({entries.Count} of {total}; --json shows each object before and after)"));
            }

            return NumdirCommand.ExitOk;
        }, ct));
        return command;
    }

    private static DateTimeOffset? Since(string text, Action<string> error)
    {
        if (text.Length > 1 && char.IsAsciiLetter(text[^1]) && double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            TimeSpan? ago = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (ago is { } span && span < TimeSpan.FromDays(36_500))
            {
                return DateTimeOffset.UtcNow - span;
            }
        }
        else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        error($"--since '{text}' is neither a time (2026-12-02T17:00:00Z) nor an age (90m, 12h, 7d)");
        return null;
    }
}
