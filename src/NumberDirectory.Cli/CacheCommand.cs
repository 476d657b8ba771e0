using System.CommandLine;
using System.Globalization;
using NumberDirectory.Admin.V1;

namespace NumberDirectory.Cli;

/// <summary><c>numdir cache ls|show|flush</c>: the answers the node learned from its peers (CacheService).</summary>
internal static class CacheCommand
{
    public static Command Create(CommonArguments common) => new("cache", "List, show and flush the answers learned from peers")
    {
        List(common),
        Show(common),
        Flush(common),
    };

    private static Command List(CommonArguments common)
    {
        var context = new Option<string>("--context") { Description = "Only this context (default: every context)" };
        var prefix = new Option<string>("--prefix") { Description = "Only numbers starting with these digits" };
        var limit = Paging.LimitOption();
        var pageSize = Paging.PageSizeOption();
        var command = new Command("ls", "Cached answers in context then number order") { context, prefix, limit, pageSize };
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var client = new CacheService.CacheServiceClient(session.Channel);
            var (entries, next, total) = await Paging.CollectAsync<CacheEntry>(async (token, size) =>
            {
                var page = await client.ListCacheEntriesAsync(
                    new ListCacheEntriesRequest { Context = parse.GetValue(context) ?? string.Empty, NumberPrefix = parse.GetValue(prefix) ?? string.Empty, PageToken = token, PageSize = size },
                    session.Call(ct));
                return (page.Entries, page.NextPageToken, page.TotalSize);
            }, parse.GetValue(limit), parse.GetValue(pageSize));
            if (session.Json)
            {
                await session.WriteJsonAsync(new ListCacheEntriesResponse { Entries = { entries }, NextPageToken = next, TotalSize = total });
                return NumdirCommand.ExitOk;
            }

            var table = new TextTable("CONTEXT", "NUMBER", "STATUS", "EXPIRES", "ROUTES");
            foreach (var entry in entries)
            {
                table.Add(entry.Context, entry.Number, AnswerText.Status(entry.Status), Expiry(entry), string.Join(", ", entry.Routes.Select(r => r.Uri)));
            }

            await table.WriteAsync(session.Output);
            if (entries.Count < total)
            {
                await session.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"({entries.Count} of {total})"));
            }

            return NumdirCommand.ExitOk;
        }, ct));
        return command;
    }

    private static Command Show(CommonArguments common)
    {
        var number = LookupCommand.Number();
        var context = LookupCommand.Context();
        var command = new Command("show", "The cached answer for one number, fresh or stale") { number, context };
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var got = await new CacheService.CacheServiceClient(session.Channel).GetCacheEntryAsync(
                new GetCacheEntryRequest { Number = parse.GetRequiredValue(number), Context = parse.GetValue(context) ?? string.Empty },
                session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(got);
                return NumdirCommand.ExitOk;
            }

            var entry = got.Entry;
            await session.Output.WriteLineAsync($"{entry.Number} in {entry.Context}: {AnswerText.Status(entry.Status)}, stored {Time(entry.StoredAt)}, {Expiry(entry)}");
            var routes = new TextTable("WEIGHT", "DIAL", "URI", "FLAGS", "FROM");
            foreach (var route in entry.Routes)
            {
                routes.Add(route.Weight.ToString(CultureInfo.InvariantCulture), route.Dial.Length > 0 ? route.Dial : "-", route.Uri, string.Join(',', route.Flags), route.AnsweredBy);
            }

            if (routes.Rows > 0)
            {
                await routes.WriteAsync(session.Output);
            }

            return NumdirCommand.ExitOk;
        }, ct));
        return command;
    }

    private static Command Flush(CommonArguments common)
    {
        var number = new Option<string>("--number") { Description = "Forget the answer for this number" };
        var prefix = new Option<string>("--prefix") { Description = "Forget every answer for numbers starting with these digits" };
        var peer = new Option<string>("--peer") { Description = "Forget every answer holding a route from this peer (EID)" };
        var all = new Option<bool>("--all") { Description = "Forget everything" };
        var context = new Option<string>("--context") { Description = "Context of --number (default e164) or --prefix (default: every context)" };
        var command = new Command("flush", "Forget cached answers: exactly one of --number, --prefix, --peer, --all") { number, prefix, peer, all, context };
        command.Validators.Add(result =>
        {
            var scopes = new Option[] { number, prefix, peer, all }.Count(o => result.GetResult(o) is { Implicit: false });
            if (scopes != 1)
            {
                result.AddError("cache flush takes exactly one of --number, --prefix, --peer and --all");
            }
        });
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var request = new FlushCacheRequest { Context = parse.GetValue(context) ?? string.Empty };
            if (parse.GetValue(number) is { } one)
            {
                request.Number = one;
            }
            else if (parse.GetValue(prefix) is { } digits)
            {
                request.NumberPrefix = digits;
            }
            else if (parse.GetValue(peer) is { } eid)
            {
                request.Peer = eid;
            }
            else
            {
                request.All = true;
            }

            var flushed = await new CacheService.CacheServiceClient(session.Channel).FlushCacheAsync(request, session.Call(ct));
            await (session.Json
                ? session.WriteJsonAsync(flushed)
                : session.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"flushed {flushed.Flushed} answer(s)")));
            return NumdirCommand.ExitOk;
        }, ct));
        return command;
    }

    private static string Expiry(CacheEntry entry) => entry.Stale ? $"stale since {Time(entry.ExpiresAt)}" : $"fresh until {Time(entry.ExpiresAt)}";

    private static string Time(Google.Protobuf.WellKnownTypes.Timestamp? at) =>
        at is null ? "-" : at.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
