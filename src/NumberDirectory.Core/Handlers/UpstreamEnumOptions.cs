using System.Collections.Immutable;
using NumberDirectory.Core.Naptr;

namespace NumberDirectory.Core.Handlers;

/// <summary>Settings of <see cref="UpstreamEnumHandler"/>.</summary>
/// <param name="Suffixes">The external suffixes, in the order each context asks them.</param>
/// <param name="NegativeTtl">Cap on how long a "not found" is trusted, and on the TTL of a partial answer (docs/architecture.md §Negative caching).</param>
/// <param name="MaxTtl">Cap on how long routes learned upstream are kept, whatever TTL the records carry.</param>
public sealed record UpstreamEnumOptions(ImmutableArray<UpstreamSuffix> Suffixes, TimeSpan NegativeTtl, TimeSpan MaxTtl)
{
    /// <summary>Non-terminal records followed at most per suffix and lookup, so a chain or a ring of them ends (3).</summary>
    public int MaxNonTerminal { get; init; } = 3;

    /// <summary>How long one regexp match may take (<see cref="NaptrSubstitution.DefaultMatchTimeout"/>, 50 ms).</summary>
    public TimeSpan MatchTimeout { get; init; } = NaptrSubstitution.DefaultMatchTimeout;

    /// <summary>
    /// Records read at most from one answer, lowest order and preference first (32): each costs a
    /// regexp compilation, and a hostile server could send a thousand. ENUM sets are a handful.
    /// </summary>
    public int MaxRecords { get; init; } = 32;
}
