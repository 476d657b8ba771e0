using System.Collections.Immutable;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Ranges;

/// <summary>
/// A range of numbers this node publishes in one context, with the routes that reach it.
/// </summary>
/// <remarks>docs/architecture.md §Patterns and ranges, §Routes and §Local first.</remarks>
/// <param name="Context">The context the range is published in (e.g. <c>e164</c>).</param>
/// <param name="Pattern">Which numbers belong to the range.</param>
/// <param name="Routes">How to reach them; at least one.</param>
/// <param name="Source">Config-owned or runtime.</param>
public sealed record PublishedRange(string Context, NumberPattern Pattern, ImmutableArray<Route> Routes, RangeSource Source)
{
    /// <summary>
    /// When false (the default) a match is authoritative and no peer is asked (DUNDi weight-0
    /// semantics); when true peers are asked as well and their answers merged.
    /// </summary>
    public bool Merge { get; init; }

    /// <summary>
    /// The name callers see for the numbers of this range (Asterisk's <c>TXTCIDNAME</c> reads it from the
    /// ENUM door as a TXT record), or null.
    /// </summary>
    /// <remarks>docs/protocols/enum.md §Display names.</remarks>
    public string? DisplayName { get; init; }

    /// <summary>A free-text note for administrators.</summary>
    public string? Description { get; init; }

    /// <summary>The key a range is known by: context and pattern text.</summary>
    public string Key => $"{Context}/{Pattern.Text}";
}
