using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Dundi;

/// <summary>The key IEs an initiator puts in front of ENCDATA in its first packet (iseqno = oseqno = 0).</summary>
/// <param name="Sender">Our own EID, sent as the first EID IE.</param>
/// <param name="Form">The full key or only its CRC.</param>
/// <remarks>docs/protocols/dundi.md §ENCRYPT packets. Replies and later packets announce nothing.</remarks>
public sealed record DundiKeyAnnouncement(NodeId Sender, DundiKeyForm Form);
