using System.Collections.Concurrent;
using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Lookup;

namespace NumberDirectory.Core.Handlers;

/// <summary>
/// Answers from <see cref="LookupCache"/> while an answer is fresh; otherwise asks the rest of the
/// chain once per number however many front-door requests wait for it (single flight), stores
/// complete answers, and when the rest of the chain fails serves the expired answer it still holds
/// and refreshes it in the background.
/// </summary>
/// <remarks>docs/architecture.md §Cache (single flight for front-door requests) and §Duplicate queries.</remarks>
public sealed class CacheHandler(LookupCache cache, TimeProvider timeProvider) : ILookupHandler, IAsyncDisposable
{
    private const string Source = "cache";

    private readonly ConcurrentDictionary<(CacheKey Key, bool PartialMatches, bool Upstream), Task<LookupResult>> _inFlight = new();
    private readonly ConcurrentDictionary<CacheKey, Task> _refreshing = new();
    private readonly CancellationTokenSource _stopping = new();

    // Plain counters, read by whoever publishes them (the server exports them as metrics): Core
    // names no metric and knows no exporter, and counting costs one interlocked add per lookup.
    private long _hits;
    private long _misses;
    private long _stale;

    /// <summary>Background refreshes running now.</summary>
    public int RefreshesRunning => _refreshing.Count;

    /// <summary>Lookups answered from a fresh entry. Every lookup through the cache that gets an answer is counted once, as a hit, a miss or stale; local-only ones pass by uncounted.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups the cache could not answer, so the rest of the chain was asked (alone, or sharing a lookup already in flight).</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Lookups answered with an expired entry because the rest of the chain failed.</summary>
    public long StaleAnswers => Interlocked.Read(ref _stale);

    /// <inheritdoc />
    public async ValueTask<LookupResult> LookupAsync(LookupRequest request, LookupDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        if (request.LocalOnly)
        {
            return await next(request, cancellationToken).ConfigureAwait(false);
        }

        var key = new CacheKey(request.Context, request.Number.Digits);
        var now = timeProvider.GetUtcNow();
        // An entry learned by a front door's lookup, which drops the routes of numbers still being
        // dialled, says nothing about those: it cannot answer a DUNDi or ENUM lookup.
        var held = cache.TryGet(key, out var entry) && entry.Answers(request);
        if (held && !request.BypassCache && entry.Expires > now)
        {
            Interlocked.Increment(ref _hits);
            return entry.AgedTo(now).WithTrace(Source, $"hit, fresh for {(entry.Expires - now).TotalSeconds:F0} s more", timeProvider.GetUtcNow());
        }

        var result = await AskAsync(key, request, next, cancellationToken).ConfigureAwait(false);
        if (result.Status == LookupStatus.Failed && held && cache.TryGet(key, out var stale) && stale.Answers(request))
        {
            Interlocked.Increment(ref _stale);
            StartRefresh(key, request, next);
            var served = stale.AgedTo(now) with { Ttl = cache.Options.StaleAnswerTtl };
            return (served with { Trace = result.Trace })
                .WithTrace(Source, $"served a stale answer (expired {(now - stale.Expires).TotalSeconds:F0} s ago); refreshing in the background", timeProvider.GetUtcNow());
        }

        Interlocked.Increment(ref _misses);
        return result;
    }

    /// <summary>Stops background refreshes and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_refreshing.Values).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is the point.
        }

        _stopping.Dispose();
    }

    private async Task<LookupResult> AskAsync(CacheKey key, LookupRequest request, LookupDelegate next, CancellationToken cancellationToken)
    {
        // Only front-door requests share a flight: a peer's request carries its own path, and the
        // DUNDi door answers a duplicate from another sender itself.
        if (!request.Path.IsDefaultOrEmpty)
        {
            return Remember(key, request, await next(request, cancellationToken).ConfigureAwait(false));
        }

        var mine = new TaskCompletionSource<LookupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        // A lookup that may not go upstream cannot answer one that may, nor the other way round.
        var flightKey = (key, request.IncludePartialMatches, request.MayAskUpstream);
        var flight = _inFlight.GetOrAdd(flightKey, mine.Task);
        if (flight != mine.Task)
        {
            var shared = await flight.WaitAsync(cancellationToken).ConfigureAwait(false);
            return shared.WithTrace(Source, "shared the answer of a lookup already in flight", timeProvider.GetUtcNow());
        }

        try
        {
            var result = Remember(key, request, await next(request, cancellationToken).ConfigureAwait(false));
            mine.SetResult(result);
            return result;
        }
        catch (Exception ex)
        {
            mine.SetException(ex);
            throw;
        }
        finally
        {
            _inFlight.TryRemove(KeyValuePair.Create(flightKey, mine.Task));
        }
    }

    private LookupResult Remember(CacheKey key, LookupRequest request, LookupResult result)
    {
        cache.Store(key, result, request.IncludePartialMatches);
        return result;
    }

    private void StartRefresh(CacheKey key, LookupRequest request, LookupDelegate next)
    {
        if (_stopping.IsCancellationRequested || _refreshing.ContainsKey(key))
        {
            return;
        }

        var refresh = request with { Deadline = timeProvider.GetUtcNow() + cache.Options.RefreshBudget, BypassCache = true };
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_refreshing.TryAdd(key, gate.Task))
        {
            return;
        }

        _ = RefreshAsync(key, refresh, next, gate);
    }

    private async Task RefreshAsync(CacheKey key, LookupRequest request, LookupDelegate next, TaskCompletionSource done)
    {
        try
        {
            using var deadline = new CancellationTokenSource(cache.Options.RefreshBudget, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, _stopping.Token);
            Remember(key, request, await next(request, linked.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Out of budget or stopping: the stale answer stays until the next try.
        }
#pragma warning disable CA1031 // A failed refresh must not take the node down; the next lookup tries again.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            _refreshing.TryRemove(key, out _);
            done.SetResult();
        }
    }
}
