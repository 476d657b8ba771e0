namespace NumberDirectory.Core.Ranges;

/// <summary>Where a published range comes from.</summary>
/// <remarks>docs/architecture.md §Configuration and data.</remarks>
public enum RangeSource
{
    /// <summary>From the node's configuration: applied on every start, read-only through the API.</summary>
    Config,

    /// <summary>Added at runtime (admin API); stored durably and kept across restarts.</summary>
    Runtime,
}
