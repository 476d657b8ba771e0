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
    ILookupPipeline pipeline,
    DialStringRenderer dial,
    IOptions<LookupOptions> lookupOptions,
    TimeProvider time,
    NodeMetrics metrics) : Proto.LookupService.LookupServiceBase
{
    public const string Door = "admin";

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

        // Steps from handlers that keep no time happened with (or just after) the last one that did.
        var at = TimeSpan.Zero;
        foreach (var step in result.Trace)
        {
            if (step.At is { } stamp)
            {
                at = stamp - started;
            }

            response.Trace.Add(new Proto.TraceStep { Source = step.Source, Message = step.Message, At = Duration.FromTimeSpan(at < TimeSpan.Zero ? TimeSpan.Zero : at) });
        }

        return response;
    }

    private async Task<(LookupRequest Request, LookupResult Result, DateTimeOffset Started)> RunAsync(string number, string context, Duration? timeout, ServerCallContext call)
    {
        if (!DialNumber.TryParse(number, out var parsed, out var numberError))
        {
            throw AdminErrors.InvalidArgument("number", $"'{number}' is not a number: {numberError}");
        }

        var contextName = string.IsNullOrEmpty(context) ? LookupContexts.Default : context;
        if (!LookupContexts.IsValid(contextName))
        {
            throw AdminErrors.InvalidArgument("context", $"'{context}' is not a context name; use 1-{LookupContexts.MaxLength} letters, digits, '-', '_' or '.' (e.g. e164)");
        }

        var options = lookupOptions.Value;
        var budget = TimeSpan.FromMilliseconds(options.DefaultTimeoutMs);
        if (timeout is not null)
        {
            var asked = timeout.ToTimeSpan();
            if (asked <= TimeSpan.Zero)
            {
                throw AdminErrors.InvalidArgument("timeout", "must be positive, e.g. 0.5s; leave it unset for the node's default");
            }

            budget = asked.TotalMilliseconds > options.MaxTimeoutMs ? TimeSpan.FromMilliseconds(options.MaxTimeoutMs) : asked;
        }

        var started = time.GetUtcNow();
        var request = new LookupRequest(parsed, contextName, options.HopBudget, [], started + budget);
        var result = await pipeline.LookupAsync(request, call.CancellationToken).ConfigureAwait(false);
        metrics.Lookup(Door, result.Status, time.GetUtcNow() - started);
        return (request, result, started);
    }
}
