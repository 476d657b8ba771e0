using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Server.Storage;

/// <summary>What the data file held when the node opened it, read before anything could write to it.</summary>
/// <param name="Identity">The stored EID; null when none is stored or it cannot be read.</param>
/// <param name="IdentityProblem">Why the stored identity cannot be used; null when it can or none is stored.</param>
/// <param name="HoldsData">The file holds runtime ranges, runtime peers, registrations or cached answers.</param>
public sealed record DataFileSummary(NodeId? Identity, string? IdentityProblem, bool HoldsData)
{
    /// <summary>No data file yet: a new node.</summary>
    public static DataFileSummary None { get; } = new(null, null, false);
}
