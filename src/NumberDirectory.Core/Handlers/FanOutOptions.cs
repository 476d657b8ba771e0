namespace NumberDirectory.Core.Handlers;

/// <summary>Settings of <see cref="FanOutHandler"/>.</summary>
/// <param name="NegativeTtl">Cap on how long a "not found" or a DONT_ASK hint is trusted (default 30 s).</param>
/// <param name="PartialTtl">Cap on the lifetime of an answer cut short by the deadline (≤ 30 s).</param>
public sealed record FanOutOptions(TimeSpan NegativeTtl, TimeSpan PartialTtl)
{
    /// <summary>30 s for both (docs/architecture.md §Negative caching and §Results on each door).</summary>
    public static FanOutOptions Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
}
