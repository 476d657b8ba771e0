namespace NumberDirectory.Core.Ranges;

/// <summary>What changed in a <see cref="RangeTable"/>: one range, added or removed.</summary>
/// <param name="Range">The range that was added or removed.</param>
/// <param name="Kind">Added or removed.</param>
public sealed record RangeChange(PublishedRange Range, RangeChangeKind Kind);
