namespace NumberDirectory.Core.Peers;

/// <summary>What qualify knows about a peer.</summary>
/// <remarks>docs/protocols/dundi.md §Qualify.</remarks>
public enum PeerReachability
{
    /// <summary>Not probed yet (or qualify is off): asked.</summary>
    Unknown,

    /// <summary>Answered its last probe in time: asked.</summary>
    Reachable,

    /// <summary>Answered, but slower than the configured maximum: not asked.</summary>
    Lagged,

    /// <summary>Did not answer its probes: not asked, and never waited for.</summary>
    Unreachable,
}
