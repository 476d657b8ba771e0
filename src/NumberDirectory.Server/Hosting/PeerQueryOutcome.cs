namespace NumberDirectory.Server.Hosting;

/// <summary>How one query to a peer ended, as <c>numberdirectory_peer_queries_total</c> counts it.</summary>
internal enum PeerQueryOutcome
{
    /// <summary>The peer answered, with routes or without.</summary>
    Answered,

    /// <summary>The peer refused (a DUNDi CAUSE: no permission, duplicate, could not decrypt).</summary>
    Refused,

    /// <summary>No answer for another reason: the peer cancelled, the retransmissions ran out, no address.</summary>
    Failed,

    /// <summary>Still unanswered at the lookup's deadline.</summary>
    Timeout,

    /// <summary>Given up before the deadline because the asker stopped waiting (client gone, node stopping).</summary>
    Cancelled,

    /// <summary>Not sent: <c>Dundi:MaxQueriesPerPeer</c> of ours were already waiting for that peer.</summary>
    Overloaded,
}
