namespace NumberDirectory.Core.EnumZones;

/// <summary>Where an ENUM zone's answers come from.</summary>
/// <remarks>docs/protocols/enum.md §Zones.</remarks>
public enum EnumAnswers
{
    /// <summary>
    /// The whole lookup pipeline: this node's ranges, its cache and its peers, as every other door
    /// answers. What Asterisk and Kamailio pointed at the node want.
    /// </summary>
    Directory,

    /// <summary>
    /// This node's own published ranges only, so the zone's contents are exactly what it publishes: the
    /// only kind that may be transferred to secondaries, which then never disagree with the node.
    /// </summary>
    Local,
}
