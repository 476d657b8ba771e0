namespace NumberDirectory.Core.Ranges;

/// <summary>
/// Ranges accepted earlier in one bulk change (an import) but not yet in the range table: an admission
/// check counts them as if they were published, so a file that fits range by range but not as a whole
/// is refused at the row that no longer fits.
/// </summary>
/// <remarks>docs/architecture.md §Bulk import.</remarks>
public sealed class RangeAdmissionBatch
{
    private readonly Dictionary<string, Int128> _named = new(StringComparer.Ordinal);

    /// <summary>Numbers the accepted ranges add to <paramref name="context"/>, less those of the ranges they replace.</summary>
    public Int128 NamedAdded(string context) => _named.GetValueOrDefault(context);

    /// <summary>Counts <paramref name="range"/> (taking the place of <paramref name="replacing"/>) as accepted.</summary>
    public void Accept(PublishedRange range, PublishedRange? replacing)
    {
        ArgumentNullException.ThrowIfNull(range);
        _named[range.Context] = NamedAdded(range.Context) + range.Pattern.NamedCount() - (replacing?.Pattern.NamedCount() ?? 0);
    }
}
