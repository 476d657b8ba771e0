namespace NumberDirectory.Core.Peers;

/// <summary>Asks one peer (over DUNDi in the node). Never throws for network trouble: it answers <see cref="PeerAnswerStatus.Failed"/>.</summary>
public interface IPeerClient
{
    /// <summary>
    /// Sends <paramref name="query"/> to <paramref name="peer"/> and waits for its answer until
    /// <paramref name="deadline"/> or cancellation (then it tells the peer to stop, e.g. DUNDi CANCEL).
    /// </summary>
    ValueTask<PeerAnswer> QueryAsync(PeerInfo peer, PeerQuery query, DateTimeOffset deadline, CancellationToken cancellationToken);
}
