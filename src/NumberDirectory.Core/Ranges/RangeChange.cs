namespace NumberDirectory.Core.Ranges;

/// <summary>What changed in a <see cref="RangeTable"/>: one range, added or removed.</summary>
/// <param name="Range">The range that was added or removed.</param>
/// <param name="Kind">Added or removed.</param>
public sealed record RangeChange(PublishedRange Range, RangeChangeKind Kind)
{
    /// <summary>
    /// For the two changes of one replacement (<see cref="RangeTable.TryReplace"/>): on the removal, the
    /// range that took its place; on the addition, the range it took the place of. Null otherwise.
    /// Either change alone does not describe a state the table was ever in.
    /// </summary>
    public PublishedRange? Counterpart { get; init; }
}
