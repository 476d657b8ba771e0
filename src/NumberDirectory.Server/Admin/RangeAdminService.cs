using System.Text.RegularExpressions;
using Grpc.Core;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Core.Routes;
using NumberDirectory.Server.Storage;
using Proto = NumberDirectory.Admin.V1;

namespace NumberDirectory.Server.Admin;

/// <summary>
/// Publishes, updates, withdraws and lists ranges. A change is durable in the data file before the
/// call returns, answers on every door at once (the doors read the range table, which raises its change
/// to the ENUM door's answer cache), and survives a restart. Config-owned ranges are read-only.
/// </summary>
internal sealed partial class RangeAdminService(RangeTable table, RangeCatalog catalog, AuditLog audit, ILogger<RangeAdminService> logger, IRangeAdmission? admission = null) : Proto.RangeService.RangeServiceBase
{
    public override Task<Proto.PublishRangeResponse> PublishRange(Proto.PublishRangeRequest request, ServerCallContext context)
    {
        var definition = Definition(request.Range);
        if (Existing(definition) is { } existing)
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"'{existing.Pattern.Text}' is already published in context '{existing.Context}' (source {existing.Source.ToString().ToLowerInvariant()}); use UpdateRange, or withdraw it first"));
        }

        if (!catalog.TryPublish(definition, out var range, out var errors, out var overlaps))
        {
            throw Invalid("the range cannot be published", errors);
        }

        var caller = AdminAuthInterceptor.Caller(context);
        LogChanged("published", range.Key, caller);
        var response = new Proto.PublishRangeResponse { Range = ToProto(range) };
        audit.Record(context, new AuditChange(AuditObject(range), null, response.Range, $"published with {range.Routes.Length} route(s)"));
        response.Overlaps.AddRange(overlaps.Select(Overlap));
        return Task.FromResult(response);
    }

    public override Task<Proto.UpdateRangeResponse> UpdateRange(Proto.UpdateRangeRequest request, ServerCallContext context)
    {
        var definition = Definition(request.Range);
        if (Existing(definition) is { Source: RangeSource.Config } config)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"'{config.Pattern.Text}' in context '{config.Context}' comes from the configuration file: change it there and restart the node"));
        }

        var before = Existing(definition);
        if (!catalog.TryUpdate(definition, out var range, out var errors, out var overlaps, out var notFound))
        {
            throw notFound
                ? new RpcException(new Status(StatusCode.NotFound, $"'{request.Range?.Pattern}' is not published in context '{ContextOf(request.Range?.Context)}'; use PublishRange"))
                : Invalid("the range cannot be updated", errors);
        }

        var caller = AdminAuthInterceptor.Caller(context);
        LogChanged("updated", range.Key, caller);
        var response = new Proto.UpdateRangeResponse { Range = ToProto(range) };
        audit.Record(context, new AuditChange(AuditObject(range), before is null ? null : ToProto(before), response.Range, $"updated, now with {range.Routes.Length} route(s)"));
        response.Overlaps.AddRange(overlaps.Select(Overlap));
        return Task.FromResult(response);
    }

    public override Task<Proto.WithdrawRangeResponse> WithdrawRange(Proto.WithdrawRangeRequest request, ServerCallContext context)
    {
        var range = Find(request.Context, request.Pattern);
        if (range.Source == RangeSource.Config)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"'{range.Pattern.Text}' in context '{range.Context}' comes from the configuration file: remove it there and restart the node"));
        }

        if (!catalog.TryWithdraw(range.Context, range.Pattern.Text, out var error))
        {
            throw new RpcException(new Status(StatusCode.NotFound, error));
        }

        var caller = AdminAuthInterceptor.Caller(context);
        LogChanged("withdrawn", range.Key, caller);
        var response = new Proto.WithdrawRangeResponse { Range = ToProto(range) };
        audit.Record(context, new AuditChange(AuditObject(range), response.Range, null, "withdrawn"));
        return Task.FromResult(response);
    }

    public override Task<Proto.GetRangeResponse> GetRange(Proto.GetRangeRequest request, ServerCallContext context) =>
        Task.FromResult(new Proto.GetRangeResponse { Range = ToProto(Find(request.Context, request.Pattern)) });

    public override Task<Proto.ListRangesResponse> ListRanges(Proto.ListRangesRequest request, ServerCallContext context)
    {
        var (size, after) = AdminPaging.Read(request.PageSize, request.PageToken);
        var source = request.Source switch
        {
            Proto.RangeSource.Config => RangeSource.Config,
            Proto.RangeSource.Runtime => RangeSource.Runtime,
            _ => (RangeSource?)null,
        };
        var matching = table.Snapshot()
            .Where(r => (request.Context.Length == 0 || r.Context == request.Context)
                && r.Pattern.Text.StartsWith(request.PatternPrefix, StringComparison.Ordinal)
                && (source is null || r.Source == source))
            .OrderBy(Key, StringComparer.Ordinal)
            .ToList();
        var (page, next) = AdminPaging.Page(matching, Key, size, after);
        var response = new Proto.ListRangesResponse { NextPageToken = next, TotalSize = matching.Count };
        response.Ranges.AddRange(page.Select(ToProto));
        return Task.FromResult(response);
    }

    /// <summary>The range as the audit log names it: <c>range e164/_4XXX</c>.</summary>
    internal static string AuditObject(PublishedRange range) => $"range {range.Key}";

    private static string Key(PublishedRange range) => $"{range.Context}\n{range.Pattern.Text}";

    private static string ContextOf(string? context) => string.IsNullOrWhiteSpace(context) ? LookupContexts.Default : context.Trim();

    private PublishedRange? Existing(RangeDefinition definition) =>
        definition.Pattern is { } pattern ? table.Get(ContextOf(definition.Context), pattern.Trim()) : null;

    private PublishedRange Find(string context, string pattern) =>
        table.Get(ContextOf(context), pattern.Trim())
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"'{pattern}' is not published in context '{ContextOf(context)}'"));

    internal static RangeDefinition Definition(Proto.Range? range)
    {
        if (range is null)
        {
            throw AdminErrors.InvalidArgument("range", "is missing: give the range's context, pattern and routes");
        }

        return new RangeDefinition(
            range.Context,
            range.Pattern,
            [.. range.Routes.Select(r => new RouteDefinition(r.UriTemplate, (int)Math.Min(r.Weight, int.MaxValue), [.. r.Flags])
            {
                NaptrService = r.Naptr is { Service.Length: > 0 } ? r.Naptr.Service : null,
                NaptrOrder = r.Naptr is { HasOrder: true } ? (int)Math.Min(r.Naptr.Order, int.MaxValue) : null,
                NaptrPreference = r.Naptr is { HasPreference: true } ? (int)Math.Min(r.Naptr.Preference, int.MaxValue) : null,
            })])
        {
            Merge = range.Merge,
            Description = range.Description.Length == 0 ? null : range.Description,
            DisplayName = range.DisplayName.Length == 0 ? null : range.DisplayName,
        };
    }

    internal static Proto.Range ToProto(PublishedRange range)
    {
        var proto = new Proto.Range
        {
            Context = range.Context,
            Pattern = range.Pattern.Text,
            Merge = range.Merge,
            Description = range.Description ?? string.Empty,
            DisplayName = range.DisplayName ?? string.Empty,
            Source = range.Source == RangeSource.Config ? Proto.RangeSource.Config : Proto.RangeSource.Runtime,
        };
        foreach (var route in range.Routes)
        {
            var message = new Proto.Route { UriTemplate = route.Template.Text, Weight = route.Weight };
            message.Flags.AddRange(RangeDefinition.RouteFlagNames
                .Where(name => route.Flags.HasFlag(System.Enum.Parse<RouteFlags>(name)))
                .Select(name => name.ToLowerInvariant()));
            if (route.Naptr is { } naptr)
            {
                message.Naptr = new Proto.NaptrOverride { Service = naptr.Service ?? string.Empty };
                if (naptr.Order is { } order)
                {
                    message.Naptr.Order = order;
                }

                if (naptr.Preference is { } preference)
                {
                    message.Naptr.Preference = preference;
                }
            }

            proto.Routes.Add(message);
        }

        return proto;
    }

    private static Proto.RangeOverlap Overlap(PublishedRange range) => new()
    {
        Context = range.Context,
        Pattern = range.Pattern.Text,
        Source = range.Source == RangeSource.Config ? Proto.RangeSource.Config : Proto.RangeSource.Runtime,
    };

    /// <summary>The definition's problems ("Routes:0:Uri: …") as field violations ("range.routes[0].uri_template").</summary>
    private static RpcException Invalid(string summary, IEnumerable<string> errors) =>
        AdminErrors.InvalidArgument(summary, Violations(errors));

    /// <summary>The definition's problems as (field, description) pairs, the fields named as the API names them.</summary>
    internal static IEnumerable<(string Field, string Description)> Violations(IEnumerable<string> errors) =>
        errors.Select(error =>
        {
            var match = ProblemPath().Match(error);
            if (!match.Success)
            {
                // A route's own check ("Routes:0:weight 70000 is out of range …") names no member.
                var route = RouteProblem().Match(error);
                return route.Success
                    ? ($"range.routes[{route.Groups["index"].Value}]{(route.Groups["problem"].Value.StartsWith("weight ", StringComparison.Ordinal) ? ".weight" : string.Empty)}", route.Groups["problem"].Value)
                    : ("range", error);
            }

            var field = match.Groups["field"].Value switch
            {
                "Context" => "context",
                "Pattern" => "pattern",
                "Routes" => "routes",
                "DisplayName" => "display_name",
                "Description" => "description",
                var other => other.ToLowerInvariant(),
            };
            var path = $"range.{field}";
            if (match.Groups["index"].Success)
            {
                var member = match.Groups["member"].Value switch
                {
                    "Uri" => "uri_template",
                    "Flags" => "flags",
                    "Naptr" => "naptr",
                    "Weight" => "weight",
                    var other => other.ToLowerInvariant(),
                };
                path += $"[{match.Groups["index"].Value}].{member}";
            }

            return (path, match.Groups["problem"].Value);
        });

    [GeneratedRegex(@"^(?<field>[A-Za-z]+)(:(?<index>\d+)(:(?<member>[A-Za-z]+))?)?: (?<problem>.*)$", RegexOptions.Singleline)]
    private static partial Regex ProblemPath();

    [GeneratedRegex(@"^Routes:(?<index>\d+):(?<problem>.*)$", RegexOptions.Singleline)]
    private static partial Regex RouteProblem();

    [LoggerMessage(Level = LogLevel.Information, Message = "Range {Range} {Change} by {Caller}")]
    private partial void LogChanged(string change, string range, string caller);
}
