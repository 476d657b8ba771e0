namespace NumberDirectory.Server.Dundi;

/// <summary>
/// Why the DUNDi door refused or dropped a well-formed packet (or a source it does not talk to): the
/// <c>reason</c> label of <c>numberdirectory_dundi_packets_refused_total</c> and of the door's rows in
/// <c>numberdirectory_rejected_total</c> (README §Monitoring). A fixed set, so the label set stays bounded.
/// </summary>
/// <remarks>docs/protocols/dundi.md §Transactions, §Source addresses and §Untrusted sources.</remarks>
internal enum DundiRefusal
{
    /// <summary>The source address is not in <c>Dundi:AllowedSources</c>: dropped before decoding.</summary>
    ClientNotAllowed,

    /// <summary>A packet that may open a transaction but is not numbered 0/0.</summary>
    BadOpeningSequence,

    /// <summary>Sources together have <c>Dundi:MaxTransactions</c> open.</summary>
    TooManyTransactions,

    /// <summary>This source has <c>Dundi:MaxTransactionsPerSource</c> open.</summary>
    TooManyTransactionsFromSource,

    /// <summary>A packet matching no transaction that cannot open one: answered INVALID.</summary>
    NoTransaction,

    /// <summary>The reply to an unauthenticated source would be larger than its packet: not sent.</summary>
    ReplyLargerThanQuery,

    /// <summary>The source is over its share of replies (<c>Dundi:UnauthenticatedRepliesPerSecond</c>): not sent.</summary>
    ReplyRateLimited,

    /// <summary>Handling the packet failed (a bug, logged); the listener goes on.</summary>
    HandlerError,

    /// <summary>A command the node does not know, inside a transaction: answered UNKNOWN.</summary>
    UnknownCommand,

    /// <summary>The peer has <c>Dundi:MaxQueriesPerPeer</c> lookups running.</summary>
    PeerBusy,

    /// <summary>A REGREQ from an EID that is not a dynamic peer.</summary>
    RegisterRefused,

    /// <summary>The sender's EID is no peer of this node.</summary>
    UnknownEid,

    /// <summary>A dynamic peer without a live registration.</summary>
    UnregisteredPeer,

    /// <summary>A peer's EID from an address that is not the peer's.</summary>
    AddressMismatch,

    /// <summary>The peer may not ask in this context (its <c>Permit</c> list).</summary>
    ContextDenied,

    /// <summary>Plain text from (or claiming to be) a peer that has a key.</summary>
    Unencrypted,

    /// <summary>An ENCRYPT that could not be opened (unknown key, bad signature, corrupt content): answered ENCREJ.</summary>
    EncryptRejected,
}
