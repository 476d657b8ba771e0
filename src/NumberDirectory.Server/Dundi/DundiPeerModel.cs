namespace NumberDirectory.Server.Dundi;

/// <summary>Which way queries flow with a peer.</summary>
public enum DundiPeerModel
{
    /// <summary>Both ways.</summary>
    Symmetric,

    /// <summary>We ask the peer; it may not ask us.</summary>
    Outbound,

    /// <summary>The peer asks us; we do not ask it.</summary>
    Inbound,
}
