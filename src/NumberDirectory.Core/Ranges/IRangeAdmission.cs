namespace NumberDirectory.Core.Ranges;

/// <summary>A check a range must pass before it is published at runtime, beyond its own validity.</summary>
/// <remarks>docs/protocols/enum.md §Zone contents (a transferred zone's size and wildcards).</remarks>
public interface IRangeAdmission
{
    /// <summary>Why <paramref name="range"/> may not be published (taking the place of <paramref name="replacing"/>), or null.</summary>
    string? Refusal(PublishedRange range, PublishedRange? replacing);

    /// <summary>
    /// Why <paramref name="range"/> may not be published (taking the place of <paramref name="replacing"/>)
    /// together with the ranges <paramref name="batch"/> accepted before it, or null. Checks that count
    /// nothing need not override it.
    /// </summary>
    string? Refusal(PublishedRange range, PublishedRange? replacing, RangeAdmissionBatch batch) => Refusal(range, replacing);
}
