using Google.Protobuf.WellKnownTypes;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Routes;
using Proto = NumberDirectory.Admin.V1;

namespace NumberDirectory.Server.Admin;

/// <summary>The pipeline's values as the admin contract carries them.</summary>
internal static class AdminMapping
{
    public static Proto.LookupStatus Status(LookupStatus status) => status switch
    {
        LookupStatus.Found => Proto.LookupStatus.Found,
        LookupStatus.NotFound => Proto.LookupStatus.NotFound,
        LookupStatus.Failed => Proto.LookupStatus.Failed,
        LookupStatus.Loop => Proto.LookupStatus.Loop,
        _ => Proto.LookupStatus.Unspecified,
    };

    public static Proto.LookupAnswer Answer(LookupRequest request, LookupResult result, DialStringRenderer dial)
    {
        var answer = new Proto.LookupAnswer
        {
            Status = Status(result.Status),
            Number = request.Number.ToString(),
            Context = request.Context,
            Partial = result.Partial,
            Ttl = Duration.FromTimeSpan(result.Ttl),
            Error = result.Status == LookupStatus.Failed && !result.Trace.IsDefaultOrEmpty ? result.Trace[^1].Message : string.Empty,
        };
        answer.Routes.AddRange(result.Routes.Select(r => Route(r, dial)));
        return answer;
    }

    public static Proto.RouteAnswer Route(RouteAnswer route, DialStringRenderer dial)
    {
        var answer = new Proto.RouteAnswer
        {
            Uri = route.Uri,
            Dial = RouteUri.TryParse(route.Uri, out var uri, out _) ? dial.Render(uri) ?? string.Empty : string.Empty,
            Weight = route.Weight,
            Ttl = Duration.FromTimeSpan(route.Ttl < TimeSpan.Zero ? TimeSpan.Zero : route.Ttl),
            AnsweredBy = route.AnsweredBy.ToString(),
        };
        answer.Flags.AddRange(FlagNames(route.Flags));
        return answer;
    }

    /// <summary>Flag names in lower case, as the contract documents them ("exists", "canmatch", …).</summary>
    public static IEnumerable<string> FlagNames(RouteFlags flags) =>
        System.Enum.GetValues<RouteFlags>().Where(f => f != RouteFlags.None && flags.HasFlag(f)).Select(f => f.ToString().ToLowerInvariant());
}
