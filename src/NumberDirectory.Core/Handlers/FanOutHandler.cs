using System.Collections.Immutable;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Peers;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Handlers;

/// <summary>
/// Asks the eligible peers of the best order tier in parallel and merges what they say. Peers on
/// the path, peers qualify knows to be dead or lagged, unregistered dynamic peers and peers whose
/// DONT_ASK hint covers the number are skipped. The peers asked are added to the path each of them
/// receives, so they do not ask each other. At the deadline it answers with what has arrived
/// (<see cref="LookupResult.Partial"/>) and cancels the rest.
/// </summary>
/// <remarks>docs/architecture.md §FanOut and §Results on each door; docs/protocols/dundi.md §Loops and fan-out.</remarks>
public sealed class FanOutHandler(
    NodeId self,
    IPeerDirectory peers,
    IPeerClient client,
    PeerHintTable hints,
    TimeProvider timeProvider,
    FanOutOptions options) : ILookupHandler
{
    private const string Source = "fan-out";

    /// <inheritdoc />
    public async ValueTask<LookupResult> LookupAsync(LookupRequest request, LookupDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        if (request.LocalOnly)
        {
            return await next(request, cancellationToken).ConfigureAwait(false);
        }

        var trace = ImmutableArray.CreateBuilder<TraceEntry>();
        var skipped = new Skipped();
        var asked = Choose(request, trace, skipped);
        var missing = skipped.Missing(asked);
        if (asked.Count == 0)
        {
            var rest = await next(request, cancellationToken).ConfigureAwait(false);
            rest = rest with { Trace = trace.ToImmutable().AddRange(rest.Trace) };
            if (missing.Count > 0)
            {
                // A peer that could know was not asked: "nobody has it" would be a guess, and a
                // cached guess outlives the outage that caused it.
                return rest.Status == LookupStatus.NotFound
                    ? new LookupResult(LookupStatus.Failed, [], TimeSpan.Zero) { Partial = true, Trace = rest.Trace }.WithTrace(Source, NotAsked(missing), timeProvider.GetUtcNow())
                    : rest with { Partial = rest.Partial || rest.Status == LookupStatus.Found };
            }

            // Nobody could know more than we do when every peer is on the path or already said it
            // has nothing here; the answer depends on the path when some peer was on it.
            return rest.Status == LookupStatus.NotFound && !rest.Hints.Any(h => h.Kind.HasFlag(LookupHintKind.DontAsk))
                ? rest with { Hints = rest.Hints.Add(new LookupHint(LookupHintKind.DontAsk | (skipped.OnPath == 0 ? LookupHintKind.Unaffected : LookupHintKind.None), skipped.LongestPrefix)) }
                : rest;
        }

        var queries = asked.Select(p => (Peer: p, Query: QueryFor(request, p, asked))).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = queries.Select(q => client.QueryAsync(q.Peer, q.Query, request.Deadline, stop.Token).AsTask()).ToArray();
        foreach (var (peer, query) in queries)
        {
            trace.Add(Step($"asked {peer.Id} (tier {peer.Order}, ttl {query.Ttl})"));
        }

        await WaitAsync(pending, request.Deadline, cancellationToken).ConfigureAwait(false);

        // What has arrived is fixed now; whatever is still out is cancelled (the client tells those
        // peers to stop) and its late failure does not count as an answer.
        var arrived = pending.Select(t => t.IsCompletedSuccessfully ? t.Result : null).ToArray();
        await stop.CancelAsync().ConfigureAwait(false);
        var result = Combine(request, queries.Select(q => q.Peer).ToList(), arrived, missing, trace);
        if (result.Status == LookupStatus.Found)
        {
            return result;
        }

        // Every peer said no, or nobody could say and nothing was found: a later handler (upstream
        // ENUM) may still know.
        return Join(result, await next(request, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// The mesh's answer (not found, or failed with nothing) with what the rest of the chain said.
    /// Routes from there are the answer, partial when the mesh failed (a peer that could know did not
    /// say); "not found" stays what the mesh said, with the shorter TTL; a failure after a complete
    /// "not found" is a failure.
    /// </summary>
    /// <remarks>docs/architecture.md §FanOut and §UpstreamEnum.</remarks>
    private LookupResult Join(LookupResult mesh, LookupResult after)
    {
        var trace = mesh.Trace.AddRange(after.Trace);
        return (mesh.Status, after.Status) switch
        {
            (LookupStatus.NotFound, LookupStatus.NotFound) => mesh with { Ttl = Min(mesh.Ttl, after.Ttl), WithoutUpstream = after.WithoutUpstream, Trace = trace },
            (LookupStatus.NotFound, _) => after with { Trace = trace },
            (_, LookupStatus.Found) => after with { Partial = true, Ttl = Min(after.Ttl, options.PartialTtl), Trace = trace },
            _ => mesh with { Trace = trace },
        };
    }

    private List<PeerInfo> Choose(LookupRequest request, ImmutableArray<TraceEntry>.Builder trace, Skipped skipped)
    {
        var eligible = new List<PeerInfo>();
        foreach (var peer in peers.OutboundPeers(request.Context).OrderBy(p => p.Order))
        {
            var skip = SkipReason(request, peer, skipped);
            if (skip is null)
            {
                eligible.Add(peer);
            }
            else
            {
                trace.Add(Step($"skipped {peer.Id}: {skip}"));
            }
        }

        if (eligible.Count == 0)
        {
            return eligible;
        }

        var tier = eligible[0].Order;
        return [.. eligible.Where(p => p.Order == tier)];
    }

    private string? SkipReason(LookupRequest request, PeerInfo peer, Skipped skipped)
    {
        if (peer.Id == self || request.Path.Contains(peer.Id))
        {
            skipped.OnPath++;
            return "already on the request's path";
        }

        if (hints.Covers(peer.Id, request.Context, request.Number.Digits, out var prefix))
        {
            skipped.Covered(prefix);
            return $"said not to ask about '{prefix}'";
        }

        var reason = peer.Reachability switch
        {
            PeerReachability.Unreachable => "unreachable (qualify)",
            PeerReachability.Lagged => "lagged (qualify)",
            _ when !peer.HasAddress => "dynamic peer not registered",
            _ => null,
        };
        if (reason is not null)
        {
            skipped.Down.Add((peer, reason));
        }

        return reason;
    }

    private TraceEntry Step(string message) => new(Source, message) { At = timeProvider.GetUtcNow() };

    private static string NotAsked(List<(PeerInfo Peer, string Reason)> missing) =>
        "no complete answer: " + string.Join(", ", missing.Select(m => $"{m.Peer.Id} could not be asked ({m.Reason})"));

    /// <summary>Why peers were left out, to tell whether a negative answer is still complete.</summary>
    private sealed class Skipped
    {
        public int OnPath { get; set; }

        /// <summary>Peers that might know but could not be asked (dead, lagged, unregistered).</summary>
        public List<(PeerInfo Peer, string Reason)> Down { get; } = [];

        public string LongestPrefix { get; private set; } = string.Empty;

        public void Covered(string prefix)
        {
            if (prefix.Length > LongestPrefix.Length)
            {
                LongestPrefix = prefix;
            }
        }

        /// <summary>
        /// The peers left out that would have been asked had they been up: those of the tier asked
        /// or a better one (a better tier being down is why a worse one is asked), or every one when
        /// nobody could be asked. A down peer of a worse tier than the one that answered would not
        /// have been asked anyway, so it takes nothing from the answer.
        /// </summary>
        public List<(PeerInfo Peer, string Reason)> Missing(List<PeerInfo> asked) =>
            asked.Count == 0 ? Down : [.. Down.Where(d => d.Peer.Order <= asked[0].Order)];
    }

    private PeerQuery QueryFor(LookupRequest request, PeerInfo peer, List<PeerInfo> asked)
    {
        // Sender first, then the peers asked in parallel (so they do not ask each other), then the
        // path so far, and the root last; a front-door request has this node as its root.
        var root = request.Path.IsDefaultOrEmpty ? self : request.Path[^1];
        var path = ImmutableArray.CreateBuilder<NodeId>();
        path.Add(self);
        foreach (var id in asked.Select(p => p.Id).Where(id => id != peer.Id).Concat(request.Path))
        {
            if (id != root && !path.Contains(id))
            {
                path.Add(id);
            }
        }

        if (root != self || path.Count > 1)
        {
            path.Add(root);
        }

        return new PeerQuery(request.Number, request.Context, request.HopBudget - 1, path.ToImmutable(), request.BypassCache);
    }

    private async Task WaitAsync(Task<PeerAnswer>[] pending, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var budget = deadline - timeProvider.GetUtcNow();
        if (budget <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(budget, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The deadline: answer with what has arrived.
        }
        catch (OperationCanceledException)
        {
            // The pipeline's deadline token (its timer may fire a hair before ours) or the caller
            // giving up: either way, what has arrived is the answer.
        }
    }

    private LookupResult Combine(LookupRequest request, List<PeerInfo> asked, PeerAnswer?[] arrived, List<(PeerInfo Peer, string Reason)> missing, ImmutableArray<TraceEntry>.Builder trace)
    {
        var routes = new List<RouteAnswer>();
        var answered = 0;
        var outstanding = 0;
        var expiration = TimeSpan.MaxValue;
        var dontAsk = new List<LookupHint>();
        for (var i = 0; i < asked.Count; i++)
        {
            var peer = asked[i];
            if (arrived[i] is not { } answer)
            {
                outstanding++;
                trace.Add(Step($"{peer.Id} had not answered by the deadline"));
                continue;
            }

            switch (answer.Status)
            {
                case PeerAnswerStatus.Answered when !answer.Unusable.IsDefaultOrEmpty:
                    // What it said could not all be read: its usable routes count, its silence on
                    // the rest does not, so the answer is not complete (and its hint not believed).
                    routes.AddRange(request.IncludePartialMatches ? answer.Routes : answer.Routes.Where(r => r.Flags.HasFlag(RouteFlags.Exists)));
                    trace.Add(new TraceEntry(Source, $"{peer.Id} answered {answer.Routes.Length} route(s) and {answer.Unusable.Length} it could not use: {answer.Unusable[0]}"));
                    break;
                case PeerAnswerStatus.Answered:
                    answered++;

                    // A route that only can-match is about a number still being dialled: useful to a
                    // DUNDi asker, not a destination for a front door.
                    routes.AddRange(request.IncludePartialMatches ? answer.Routes : answer.Routes.Where(r => r.Flags.HasFlag(RouteFlags.Exists)));
                    expiration = Min(expiration, answer.Expiration);
                    Remember(peer, request.Context, answer);
                    if (answer.Hint is { } hint && hint.Kind.HasFlag(LookupHintKind.DontAsk))
                    {
                        dontAsk.Add(hint);
                    }

                    trace.Add(Step($"{peer.Id} answered {answer.Routes.Length} route(s)"));
                    break;
                default:
                    if (answer.DeadlineReached)
                    {
                        outstanding++;
                    }

                    trace.Add(Step($"{peer.Id} {answer.Status.ToString().ToLowerInvariant()}: {answer.Reason}"));
                    break;
            }
        }

        // Complete only when every peer that could know gave its answer: one not asked because it
        // is down, or that failed, leaves "not found" unproven (docs/architecture.md §Results on each door).
        var complete = answered == asked.Count && missing.Count == 0;
        if (missing.Count > 0)
        {
            trace.Add(Step(NotAsked(missing)));
        }

        if (routes.Count > 0)
        {
            var merged = RouteAnswerMerge.Merge(routes);
            var found = LookupResult.Found(merged) with { Partial = !complete, Trace = trace.ToImmutable() };
            return complete ? found : found with { Ttl = Min(found.Ttl, options.PartialTtl) };
        }

        if (complete)
        {
            var ttl = Min(expiration == TimeSpan.MaxValue ? options.NegativeTtl : expiration, options.NegativeTtl);
            var hintsOut = dontAsk.Count == asked.Count
                ? ImmutableArray.Create(CombinedHint(dontAsk))
                : [];
            return LookupResult.NotFound(ttl) with { Hints = hintsOut, Trace = trace.ToImmutable() };
        }

        return new LookupResult(LookupStatus.Failed, [], TimeSpan.Zero) { Partial = outstanding > 0 || missing.Count > 0, Trace = trace.ToImmutable() };
    }

    private void Remember(PeerInfo peer, string context, PeerAnswer answer)
    {
        if (answer.Hint is { } hint && hint.Kind.HasFlag(LookupHintKind.DontAsk))
        {
            hints.Add(peer.Id, context, hint.Prefix, Min(answer.Expiration, options.NegativeTtl));
        }
    }

    // Everyone has nothing under the longest of their "nothing here" prefixes; the answer is
    // path-independent only when every peer said so.
    private static LookupHint CombinedHint(List<LookupHint> hints) =>
        new(
            LookupHintKind.DontAsk | (hints.All(h => h.Kind.HasFlag(LookupHintKind.Unaffected)) ? LookupHintKind.Unaffected : LookupHintKind.None),
            hints.MaxBy(h => h.Prefix.Length)!.Prefix);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
