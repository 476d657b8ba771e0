namespace NumberDirectory.Core.Caching;

/// <summary>Settings of the answer cache.</summary>
/// <remarks>docs/architecture.md §Cache and §Negative caching.</remarks>
public sealed record CacheOptions
{
    /// <summary>Cap on how long a "not found" is kept (default 30 s; Asterisk keeps it an hour, which users hate).</summary>
    public TimeSpan NegativeTtl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long past its expiry an answer is kept to be served when every peer fails (default 1 h; zero turns serve-stale off).</summary>
    public TimeSpan MaxStale { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The TTL given with a stale answer (default 30 s).</summary>
    public TimeSpan StaleAnswerTtl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline of the background refresh started after serving a stale answer (default 2 s).</summary>
    public TimeSpan RefreshBudget { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Most entries kept; the ones expiring first are dropped beyond it (default 100,000).</summary>
    public int MaxEntries { get; init; } = 100_000;

    /// <summary>Most memory the entries may take, estimated; the ones expiring first are dropped beyond it (default 64 MiB).</summary>
    public long MaxBytes { get; init; } = 64L << 20;
}
