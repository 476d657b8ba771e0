namespace NumberDirectory.Core.Ranges;

/// <summary>How a <see cref="RangeTable"/> changed.</summary>
public enum RangeChangeKind
{
    /// <summary>A range was published.</summary>
    Added,

    /// <summary>A range was withdrawn.</summary>
    Removed,
}
