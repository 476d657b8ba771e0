using System.CommandLine;
using System.Globalization;
using NumberDirectory.Admin.V1;
using AdminRange = NumberDirectory.Admin.V1.Range;

namespace NumberDirectory.Cli;

/// <summary><c>numdir ranges add|update|rm|ls|show|import|export</c>: the ranges the node publishes (RangeService).</summary>
internal static class RangesCommand
{
    public static Command Create(CommonArguments common) => new("ranges", "Publish, change, withdraw and list the node's ranges")
    {
        Add(common),
        Update(common),
        Remove(common),
        List(common),
        Show(common),
        RangesImportCommand.Create(common),
        RangesExportCommand.Create(common),
    };

    private static Argument<string> Pattern() => new("pattern") { Description = "An Asterisk pattern (_4XXX), one number (4001) or a plain range (4000-4999)" };

    private static Option<string> Context(string description = "The range's context (default e164)") => new("--context") { Description = description, HelpName = "context" };

    private static Command Add(CommonArguments common)
    {
        var pattern = Pattern();
        var context = Context();
        var routes = new RouteArguments();
        var merge = new Option<bool>("--merge") { Description = "Ask peers too and merge their routes (default: this range answers alone)" };
        var description = new Option<string>("--description") { Description = "Free text for operators; not published" };
        var displayName = new Option<string>("--display-name") { Description = "The name callers may see (ENUM TXT)" };
        var command = new Command("add", "Publish a new range: ranges add _4XXX --route 'sip:${NUMBER}@pbx-b.example.net' --weight 10") { pattern, context, merge, description, displayName };
        routes.AddTo(command);
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var range = new AdminRange
            {
                Context = parse.GetValue(context) ?? string.Empty,
                Pattern = parse.GetRequiredValue(pattern),
                Merge = parse.GetValue(merge),
                Description = parse.GetValue(description) ?? string.Empty,
                DisplayName = parse.GetValue(displayName) ?? string.Empty,
            };
            range.Routes.AddRange(routes.Read(parse));
            var published = await new RangeService.RangeServiceClient(session.Channel)
                .PublishRangeAsync(new PublishRangeRequest { Range = range }, session.Call(ct));
            return await WrittenAsync(session, published, "published", published.Range, published.Overlaps);
        }, ct));
        return command;
    }

    private static Command Update(CommonArguments common)
    {
        var pattern = Pattern();
        var context = Context();
        var routes = new RouteArguments();
        var merge = new Option<bool>("--merge") { Description = "--merge or --merge false", Arity = ArgumentArity.ZeroOrOne };
        var description = new Option<string>("--description") { Description = "New description ('' clears it)" };
        var displayName = new Option<string>("--display-name") { Description = "New display name ('' clears it)" };
        var command = new Command("update", "Change a runtime range; what is not given stays (routes given replace all its routes)") { pattern, context, merge, description, displayName };
        routes.AddTo(command);
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var client = new RangeService.RangeServiceClient(session.Channel);
            var range = (await client.GetRangeAsync(new GetRangeRequest { Context = parse.GetValue(context) ?? string.Empty, Pattern = parse.GetRequiredValue(pattern) }, session.Call(ct))).Range;
            if (routes.Given(parse))
            {
                range.Routes.Clear();
                range.Routes.AddRange(routes.Read(parse));
            }

            if (parse.GetResult(merge) is { Implicit: false })
            {
                range.Merge = parse.GetValue(merge);
            }

            range.Description = parse.GetValue(description) ?? range.Description;
            range.DisplayName = parse.GetValue(displayName) ?? range.DisplayName;
            var updated = await client.UpdateRangeAsync(new UpdateRangeRequest { Range = range }, session.Call(ct));
            return await WrittenAsync(session, updated, "updated", updated.Range, updated.Overlaps);
        }, ct));
        return command;
    }

    private static Command Remove(CommonArguments common)
    {
        var pattern = Pattern();
        var context = Context();
        var command = new Command("rm", "Withdraw a runtime range: the node stops answering for it at once") { pattern, context };
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var withdrawn = await new RangeService.RangeServiceClient(session.Channel)
                .WithdrawRangeAsync(new WithdrawRangeRequest { Context = parse.GetValue(context) ?? string.Empty, Pattern = parse.GetRequiredValue(pattern) }, session.Call(ct));
            return await WrittenAsync(session, withdrawn, "withdrew", withdrawn.Range, []);
        }, ct));
        return command;
    }

    private static Command Show(CommonArguments common)
    {
        var pattern = Pattern();
        var context = Context();
        var command = new Command("show", "One range and its routes") { pattern, context };
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var got = await new RangeService.RangeServiceClient(session.Channel)
                .GetRangeAsync(new GetRangeRequest { Context = parse.GetValue(context) ?? string.Empty, Pattern = parse.GetRequiredValue(pattern) }, session.Call(ct));
            await (session.Json ? session.WriteJsonAsync(got) : RangeText.WriteAsync(session.Output, got.Range));
            return NumdirCommand.ExitOk;
        }, ct));
        return command;
    }

    private static Command List(CommonArguments common)
    {
        var context = Context("Only this context (default: every context)");
        var prefix = new Option<string>("--prefix") { Description = "Only patterns starting with this (_4, +1555)" };
        var source = new Option<string>("--source") { Description = "Only config or runtime ranges" };
        source.AcceptOnlyFromAmong("config", "runtime");
        var limit = Paging.LimitOption();
        var pageSize = Paging.PageSizeOption();
        var command = new Command("ls", "List ranges in context then pattern order") { context, prefix, source, limit, pageSize };
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var client = new RangeService.RangeServiceClient(session.Channel);
            var request = new ListRangesRequest
            {
                Context = parse.GetValue(context) ?? string.Empty,
                PatternPrefix = parse.GetValue(prefix) ?? string.Empty,
                Source = parse.GetValue(source) switch { "config" => RangeSource.Config, "runtime" => RangeSource.Runtime, _ => RangeSource.Unspecified },
            };
            var (ranges, next, total) = await Paging.CollectAsync<AdminRange>(async (token, size) =>
            {
                var page = await client.ListRangesAsync(new ListRangesRequest(request) { PageToken = token, PageSize = size }, session.Call(ct));
                return (page.Ranges, page.NextPageToken, page.TotalSize);
            }, parse.GetValue(limit), parse.GetValue(pageSize));
            if (session.Json)
            {
                await session.WriteJsonAsync(new ListRangesResponse { Ranges = { ranges }, NextPageToken = next, TotalSize = total });
                return NumdirCommand.ExitOk;
            }

            var table = new TextTable("CONTEXT", "PATTERN", "SOURCE", "MERGE", "ROUTES");
            foreach (var range in ranges)
            {
                table.Add(RangeText.Context(range.Context), range.Pattern, RangeText.Source(range.Source), range.Merge ? "yes" : "no", string.Join(", ", range.Routes.Select(RangeText.Route)));
            }

            await table.WriteAsync(session.Output);
            if (ranges.Count < total)
            {
                await session.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"({ranges.Count} of {total})"));
            }

            return NumdirCommand.ExitOk;
        }, ct));
        return command;
    }

    private static async Task<int> WrittenAsync(AdminSession session, Google.Protobuf.IMessage response, string verb, AdminRange range, IEnumerable<RangeOverlap> overlaps)
    {
        if (session.Json)
        {
            await session.WriteJsonAsync(response);
            return NumdirCommand.ExitOk;
        }

        await session.Output.WriteLineAsync($"{verb} {range.Pattern} in {RangeText.Context(range.Context)}");
        await RangeText.WriteAsync(session.Output, range);
        await RangeText.WriteOverlapsAsync(session.Output, overlaps);
        return NumdirCommand.ExitOk;
    }
}
