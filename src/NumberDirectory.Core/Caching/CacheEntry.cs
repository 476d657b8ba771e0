using NumberDirectory.Core.Lookup;

namespace NumberDirectory.Core.Caching;

/// <summary>A cached answer with when it was stored and when it expires.</summary>
/// <param name="Key">What it answers.</param>
/// <param name="Result">The answer as it was received (TTLs as of <paramref name="StoredAt"/>).</param>
/// <param name="StoredAt">When it was stored.</param>
/// <param name="Expires">When it stops being fresh.</param>
public sealed record CacheEntry(CacheKey Key, LookupResult Result, DateTimeOffset StoredAt, DateTimeOffset Expires)
{
    // Object headers, references and the dictionary slot of an entry, its result and arrays; and of
    // each route and hint. An estimate, to bound the cache's memory, not an exact count.
    private const int EntryOverhead = 256;
    private const int RouteOverhead = 80;
    private const int HintOverhead = 48;

    /// <summary>
    /// True when the answer was learned by a lookup that kept the routes of numbers still being
    /// dialled (CANMATCH/MATCHMORE), as DUNDi and ENUM lookups do. Only then does its "not found" mean
    /// there were none of those either, so only then may it answer such a lookup; any entry may answer
    /// a front door's lookup, which drops them.
    /// </summary>
    public bool CoversPartialMatches { get; init; }

    /// <summary>
    /// True when this entry may answer <paramref name="request"/>: see <see cref="CoversPartialMatches"/>;
    /// and a "not found" concluded without upstream ENUM (<see cref="LookupResult.WithoutUpstream"/>)
    /// answers only requests that may not ask upstream either.
    /// </summary>
    public bool Answers(LookupRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (CoversPartialMatches || !request.IncludePartialMatches) && (!Result.WithoutUpstream || !request.MayAskUpstream);
    }

    /// <summary>About how many bytes this entry holds: fixed costs plus its strings (two bytes a character).</summary>
    public long EstimatedBytes { get; } =
        EntryOverhead
        + (2L * (Key.Context.Length + Key.Digits.Length))
        + Result.Routes.Sum(r => RouteOverhead + (2L * r.Uri.Length))
        + Result.Hints.Sum(h => HintOverhead + (2L * h.Prefix.Length));

    /// <summary>The answer as it stands at <paramref name="now"/>: each TTL reduced by the time spent in the cache.</summary>
    public LookupResult AgedTo(DateTimeOffset now)
    {
        var age = now - StoredAt;
        var remaining = Expires - now;
        return Result with
        {
            Ttl = Clamp(remaining),
            Routes = [.. Result.Routes.Select(r => r with { Ttl = Clamp(r.Ttl - age) })],
        };
    }

    private static TimeSpan Clamp(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;
}
