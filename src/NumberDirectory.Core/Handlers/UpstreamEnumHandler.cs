using System.Collections.Immutable;
using NumberDirectory.Core.EnumZones;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Naptr;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Handlers;

/// <summary>
/// Last link: asks the external ENUM suffixes configured for the context, in order, about a number
/// nothing before it found, and turns the NAPTR records of the first suffix that has some into routes.
/// Only requests that began at this node's own front door go upstream (<see cref="LookupRequest.MayAskUpstream"/>).
/// A suffix that fails or is too slow makes the answer Failed when nothing was found, never NotFound.
/// </summary>
/// <remarks>
/// docs/architecture.md §UpstreamEnum; docs/protocols/enum.md §Upstream ENUM client (RFC 3402 §3.2,
/// RFC 3403 §4.1, RFC 6116 §3.4; negative answers per RFC 2308 §5).
/// </remarks>
public sealed class UpstreamEnumHandler : ILookupHandler
{
    private const string Source = "upstream-enum";

    private readonly NodeId _self;
    private readonly TimeProvider _timeProvider;
    private readonly UpstreamEnumOptions _options;
    private readonly ImmutableDictionary<string, ImmutableArray<UpstreamSuffix>> _byContext;

    /// <summary>Creates the handler; <paramref name="self"/> is named as the node that answered its routes.</summary>
    public UpstreamEnumHandler(NodeId self, TimeProvider timeProvider, UpstreamEnumOptions options)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        _self = self;
        _timeProvider = timeProvider;
        _options = options;
        _byContext = options.Suffixes.GroupBy(s => s.Context, StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public async ValueTask<LookupResult> LookupAsync(LookupRequest request, LookupDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        if (request.LocalOnly || !_byContext.TryGetValue(request.Context, out var suffixes))
        {
            return await next(request, cancellationToken).ConfigureAwait(false);
        }

        if (!request.MayAskUpstream)
        {
            var rest = await next(request, cancellationToken).ConfigureAwait(false);
            var why = request.Path.IsDefaultOrEmpty
                ? "not asked: the request may not go upstream (an ENUM query without RD, or a merging local range)"
                : "not asked: the request came from a peer, and DNS carries no path that would stop a loop";
            return rest.Status == LookupStatus.NotFound ? (rest with { WithoutUpstream = true }).WithTrace(Source, why, _timeProvider.GetUtcNow()) : rest;
        }

        var digits = request.Number.Digits;
        if (digits.Length > DialNumber.MaxE164Digits || !EnumDomain.TryGetName(request.Number, suffixes[0].Suffix, out _))
        {
            return (await next(request, cancellationToken).ConfigureAwait(false))
                .WithTrace(Source, $"not asked: '{request.Number}' has no ENUM name (digits only, at most {DialNumber.MaxE164Digits})", _timeProvider.GetUtcNow());
        }

        var trace = ImmutableArray.CreateBuilder<TraceEntry>();
        var negative = _options.NegativeTtl;
        var failed = 0;
        foreach (var suffix in suffixes)
        {
            var outcome = await AskAsync(suffix, request, trace, cancellationToken).ConfigureAwait(false);
            trace.AddRange(outcome.Trace);
            switch (outcome.Status)
            {
                case LookupStatus.Found:
                    // An earlier suffix that failed might have answered first and differently.
                    var partial = outcome.Partial || failed > 0;
                    return partial
                        ? outcome with { Partial = true, Ttl = Min(outcome.Ttl, _options.NegativeTtl), Trace = trace.ToImmutable() }
                        : outcome with { Trace = trace.ToImmutable() };
                case LookupStatus.NotFound:
                    negative = Min(negative, outcome.Ttl);
                    break;
                default:
                    failed++;
                    break;
            }
        }

        if (failed > 0)
        {
            return new LookupResult(LookupStatus.Failed, [], TimeSpan.Zero) { Partial = true, Trace = trace.ToImmutable() };
        }

        var after = await next(request, cancellationToken).ConfigureAwait(false);
        return after.Status == LookupStatus.NotFound
            ? after with { Ttl = Min(after.Ttl, negative), Trace = trace.ToImmutable().AddRange(after.Trace) }
            : after with { Trace = trace.ToImmutable().AddRange(after.Trace) };
    }

    /// <summary>One suffix: its NAPTR records for the number, and the non-terminal records they lead to.</summary>
    private async Task<LookupResult> AskAsync(UpstreamSuffix suffix, LookupRequest request, ImmutableArray<TraceEntry>.Builder trace, CancellationToken cancellationToken)
    {
        EnumDomain.TryGetName(request.Number, suffix.Suffix, out var first);
        var input = "+" + request.Number.Digits;
        var work = new Queue<(string Name, ushort? Weight)>();
        work.Enqueue((first!, null));
        var routes = new List<(RouteUri Uri, ushort Weight)>();
        var ttl = _options.MaxTtl;
        var incomplete = false;
        var followed = 0;
        while (work.TryDequeue(out var item))
        {
            var now = _timeProvider.GetUtcNow();
            var deadline = Min(now + suffix.Timeout, request.Deadline);
            var isFirst = item.Weight is null;
            if (deadline <= now)
            {
                if (isFirst)
                {
                    return Failed($"{suffix.Suffix} not asked: no time left before the lookup's deadline");
                }

                incomplete = true;
                trace.Add(Step($"not followed: {item.Name}, no time left before the lookup's deadline"));
                continue;
            }

            var answer = await suffix.Resolver.ResolveAsync(item.Name, deadline, cancellationToken).ConfigureAwait(false);
            trace.Add(Step($"asked {item.Name} (suffix {suffix.Suffix}): {Describe(answer)}"));
            switch (answer.Kind)
            {
                case NaptrAnswerKind.Failed when isFirst:
                    return Failed($"{suffix.Suffix} could not answer: {answer.Reason}");
                case NaptrAnswerKind.Failed:
                    incomplete = true;
                    continue;
                case NaptrAnswerKind.NoData or NaptrAnswerKind.NameError when isFirst:
                    trace.Add(Step($"nothing for {input} under {suffix.Suffix}"));
                    return LookupResult.NotFound(Min(answer.Ttl, _options.NegativeTtl));
                case NaptrAnswerKind.NoData or NaptrAnswerKind.NameError:
                    continue;
            }

            ttl = Min(ttl, answer.Ttl);
            var records = answer.Records.OrderBy(r => r.Order).ThenBy(r => r.Preference).ToList();
            if (records.Count > _options.MaxRecords)
            {
                trace.Add(Step($"read the first {_options.MaxRecords} of {records.Count} records, by order and preference"));
                records = records[.._options.MaxRecords];
            }

            var choice = NaptrSelection.Choose(records, input, _options.MatchTimeout);
            incomplete |= choice.Incomplete;
            foreach (var skip in choice.Skipped)
            {
                trace.Add(Step($"skipped {Describe(skip.Record)}: {skip.Reason}"));
            }

            foreach (var route in choice.Routes)
            {
                routes.Add((route.Uri, item.Weight ?? route.Preference));
            }

            if (choice.Order is { } order)
            {
                trace.Add(Step($"order {order} chosen: {choice.Routes.Length} route(s), {choice.Next.Length} non-terminal record(s)"));
            }

            foreach (var nextName in choice.Next)
            {
                if (followed >= _options.MaxNonTerminal)
                {
                    // A chain or ring of non-terminal records: stop rather than follow it further.
                    incomplete = true;
                    trace.Add(Step($"not followed: {nextName.Name}, past {_options.MaxNonTerminal} non-terminal records"));
                    continue;
                }

                followed++;
                work.Enqueue((nextName.Name, item.Weight ?? nextName.Preference));
            }
        }

        if (routes.Count > 0)
        {
            var answers = RouteAnswerMerge.Merge(routes.Select(r => new RouteAnswer(r.Uri.Text, Weight(r.Weight), RouteFlags.Exists, _self, ttl)));
            trace.Add(Step($"{answers.Length} route(s) from {suffix.Suffix}, kept {ttl.TotalSeconds:F0} s{(incomplete ? "; incomplete" : string.Empty)}"));
            return LookupResult.Found(answers) with { Partial = incomplete };
        }

        if (incomplete)
        {
            return Failed($"no usable record for {input} under {suffix.Suffix}, and not every record could be judged");
        }

        trace.Add(Step($"no usable record for {input} under {suffix.Suffix}"));
        return LookupResult.NotFound(Min(ttl, _options.NegativeTtl));
    }

    private TraceEntry Step(string message) => new(Source, message) { At = _timeProvider.GetUtcNow() };

    // Partial: the source that could know did not give its whole answer.
    private LookupResult Failed(string message) => new(LookupStatus.Failed, [], TimeSpan.Zero) { Partial = true, Trace = [Step(message)] };

    private static string Describe(NaptrAnswer answer) => answer.Kind switch
    {
        NaptrAnswerKind.Records => $"{answer.Records.Length} NAPTR record(s), TTL {answer.Ttl.TotalSeconds:F0} s",
        NaptrAnswerKind.NoData => "NODATA",
        NaptrAnswerKind.NameError => "NXDOMAIN",
        _ => $"failed: {answer.Reason}",
    };

    private static string Describe(NaptrRecordData record) =>
        $"NAPTR {record.Order} {record.Preference} \"{record.Flags}\" \"{record.Services}\" \"{record.Regexp}\" {record.Replacement}";

    // NAPTR preferences run to 65535; route weights stop at 59999.
    private static ushort Weight(ushort preference) => Math.Min(preference, (ushort)59_999);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
