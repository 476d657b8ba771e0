using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;
using NumberDirectory.Server.Hosting;
using Proto = NumberDirectory.Admin.V1;

namespace NumberDirectory.Server.Admin;

/// <summary>Lookups through the whole pipeline, as the doors make them, with the trace for <c>explain</c>.</summary>
internal sealed class LookupAdminService(
    AdminLookup lookups,
    DialStringRenderer dial,
    TimeProvider time,
    LookupWatch watch) : Proto.LookupService.LookupServiceBase
{
    public const string Door = AdminLookup.Door;

    private static readonly string[] Doors = ["admin", "agi", "dundi", "enum", "http"];

    public override async Task WatchLookups(Proto.WatchLookupsRequest request, IServerStreamWriter<Proto.WatchLookupsResponse> responseStream, ServerCallContext context)
    {
        var filter = Filter(request);
        using var watcher = watch.TryWatch(filter)
            ?? throw new RpcException(new Status(StatusCode.ResourceExhausted, $"{LookupWatch.MaxWatchers} watchers are watching already; stop one and try again"));

        // Headers first, so the client knows the watch is on before the first lookup comes.
        await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
        try
        {
            while (await watcher.Events.WaitToReadAsync(context.CancellationToken).ConfigureAwait(false))
            {
                while (watcher.Events.TryRead(out var seen))
                {
                    await responseStream.WriteAsync(new Proto.WatchLookupsResponse { Event = Event(seen), Dropped = watcher.TakeDropped() }, context.CancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The watcher went away: the normal end of a watch.
        }
    }

    private static Func<LookupSeen, bool> Filter(Proto.WatchLookupsRequest request)
    {
        var problems = new List<(string, string)>();
        for (var i = 0; i < request.Doors.Count; i++)
        {
            if (!Doors.Contains(request.Doors[i]))
            {
                problems.Add(($"doors[{i}]", $"'{request.Doors[i]}' is not a door; use {string.Join(", ", Doors)}"));
            }
        }

        if (request.Context.Length > 0 && !LookupContexts.IsValid(request.Context))
        {
            problems.Add(("context", $"'{request.Context}' is not a context name; use 1-{LookupContexts.MaxLength} letters, digits, '-', '_' or '.' (e.g. e164)"));
        }

        for (var i = 0; i < request.Statuses.Count; i++)
        {
            if (request.Statuses[i] == Proto.LookupStatus.Unspecified || !System.Enum.IsDefined(request.Statuses[i]))
            {
                problems.Add(($"statuses[{i}]", "use FOUND, NOT_FOUND, FAILED or LOOP"));
            }
        }

        if (problems.Count > 0)
        {
            throw AdminErrors.InvalidArgument("the watch filter is not valid", problems);
        }

        var doors = request.Doors.ToHashSet(StringComparer.Ordinal);
        var statuses = request.Statuses.ToHashSet();
        var prefix = request.NumberPrefix;
        var contextName = request.Context;
        return seen => (doors.Count == 0 || doors.Contains(seen.Door))
            && seen.Number.StartsWith(prefix, StringComparison.Ordinal)
            && (contextName.Length == 0 || seen.Context == contextName)
            && (statuses.Count == 0 || statuses.Contains(AdminMapping.Status(seen.Status)));
    }

    private static Proto.LookupEvent Event(LookupSeen seen)
    {
        var message = new Proto.LookupEvent
        {
            At = Timestamp.FromDateTimeOffset(seen.At),
            Door = seen.Door,
            Client = seen.Client,
            Number = seen.Number,
            Context = seen.Context,
            Status = AdminMapping.Status(seen.Status),
            Partial = seen.Partial,
            Latency = Duration.FromTimeSpan(seen.Latency),
            Routes = seen.Routes,
            Error = seen.Error ?? string.Empty,
        };
        message.AnsweredBy.AddRange(seen.AnsweredBy.Select(id => id.ToString()));
        return message;
    }

    public override async Task<Proto.LookupResponse> Lookup(Proto.LookupRequest request, ServerCallContext context)
    {
        var (lookup, result, _) = await RunAsync(request.Number, request.Context, request.Timeout, context).ConfigureAwait(false);
        return new Proto.LookupResponse { Answer = AdminMapping.Answer(lookup, result, dial) };
    }

    public override async Task<Proto.ExplainLookupResponse> ExplainLookup(Proto.ExplainLookupRequest request, ServerCallContext context)
    {
        var (lookup, result, started) = await RunAsync(request.Number, request.Context, request.Timeout, context).ConfigureAwait(false);
        var response = new Proto.ExplainLookupResponse
        {
            Answer = AdminMapping.Answer(lookup, result, dial),
            Elapsed = Duration.FromTimeSpan(time.GetUtcNow() - started),
        };

        foreach (var (step, at) in AdminLookup.Steps(new AdminLookupRun(lookup, result, started, TimeSpan.Zero)))
        {
            response.Trace.Add(new Proto.TraceStep { Source = step.Source, Message = step.Message, At = Duration.FromTimeSpan(at) });
        }

        return response;
    }

    private async Task<(LookupRequest Request, LookupResult Result, DateTimeOffset Started)> RunAsync(string number, string context, Duration? timeout, ServerCallContext call)
    {
        var contextName = AdminLookup.ContextOrDefault(context);
        if (AdminLookup.Problem(number, contextName, out var parsed) is { } problem)
        {
            throw AdminErrors.InvalidArgument(problem.Field, problem.Message);
        }

        var budget = lookups.DefaultBudget;
        if (timeout is not null)
        {
            var asked = timeout.ToTimeSpan();
            if (asked <= TimeSpan.Zero)
            {
                throw AdminErrors.InvalidArgument("timeout", "must be positive, e.g. 0.5s; leave it unset for the node's default");
            }

            budget = asked > lookups.MaxBudget ? lookups.MaxBudget : asked;
        }

        var run = await lookups.RunAsync(parsed, contextName, budget, call.Peer, call.CancellationToken).ConfigureAwait(false);
        return (run.Request, run.Result, run.Started);
    }
}
