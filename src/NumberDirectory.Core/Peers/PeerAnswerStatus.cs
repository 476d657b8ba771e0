namespace NumberDirectory.Core.Peers;

/// <summary>How a peer's part of a fan-out ended.</summary>
public enum PeerAnswerStatus
{
    /// <summary>The peer answered (with or without routes).</summary>
    Answered,

    /// <summary>The peer refused (DUNDi CAUSE: no permission, duplicate, …).</summary>
    Refused,

    /// <summary>No answer: timeout, cancellation, unreachable, undecryptable.</summary>
    Failed,
}
