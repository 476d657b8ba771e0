namespace NumberDirectory.Core.Lookup;

/// <summary>The outcome of a lookup. Found, not found and "could not ask" are kept apart on every door.</summary>
/// <remarks>docs/architecture.md §Lookup results and §Results on each door.</remarks>
public enum LookupStatus
{
    /// <summary>At least one route was found.</summary>
    Found,

    /// <summary>A complete negative answer; cacheable with its negative TTL.</summary>
    NotFound,

    /// <summary>Timeout or error: nobody could say. Never cached as a negative.</summary>
    Failed,

    /// <summary>The request already visited this node or ran out of hops; answered from local data only.</summary>
    Loop,
}
