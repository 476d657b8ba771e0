namespace NumberDirectory.Server.Hosting;

/// <summary>The cache of answers learned from peers. Section <c>Cache</c>.</summary>
public sealed class AnswerCacheOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cache";

    /// <summary>Most answers kept.</summary>
    public int MaxEntries { get; set; } = 100_000;

    /// <summary>Most memory the answers may take, in MiB (estimated from their routes); the ones expiring first go beyond it.</summary>
    public int MaxMegabytes { get; set; } = 64;

    /// <summary>Most "nothing here" hints from peers (DUNDi DONT_ASK) kept; beyond it new ones are not kept until old ones expire.</summary>
    public int MaxHints { get; set; } = 100_000;

    /// <summary>How long past its expiry an answer is kept to be served when every peer fails (seconds; 0 turns serve-stale off).</summary>
    public int MaxStaleSeconds { get; set; } = 3600;

    /// <summary>TTL given with a stale answer (seconds).</summary>
    public int StaleAnswerTtlSeconds { get; set; } = 30;

    /// <summary>Seconds between saves of the cache into the data file (it is also saved when the node stops).</summary>
    public int SnapshotIntervalSeconds { get; set; } = 60;

    /// <summary>Deadline of the background refresh after a stale answer was served (milliseconds).</summary>
    public int RefreshBudgetMs { get; set; } = 2000;
}
