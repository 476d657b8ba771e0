namespace NumberDirectory.Bench.Soak;

/// <summary>Who answers a number the load asks A for.</summary>
internal enum NumberKind
{
    /// <summary>A publishes it (<c>_3XXX</c>).</summary>
    Local,

    /// <summary>B publishes it (<c>_4XXXXX</c>): A asks B over DUNDi, then has it cached.</summary>
    Remote,

    /// <summary>Nobody does: A asks B, which knows nothing; the not-found is cached briefly.</summary>
    Miss,
}
