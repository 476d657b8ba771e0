namespace NumberDirectory.Core.Peers;

/// <summary>The peers this node may ask, with their current state.</summary>
public interface IPeerDirectory
{
    /// <summary>Peers configured to be asked about <paramref name="context"/> (outbound or symmetric), in any order.</summary>
    IReadOnlyList<PeerInfo> OutboundPeers(string context);
}
