using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Server.Hosting;

/// <summary>Who this node is, read from the data file at startup.</summary>
/// <param name="Id">The node's EID.</param>
public sealed record NodeIdentity(NodeId Id)
{
    /// <summary>When the node read it, at start.</summary>
    public DateTimeOffset StartedAt { get; init; }
}
