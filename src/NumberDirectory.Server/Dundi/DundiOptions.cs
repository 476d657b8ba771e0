namespace NumberDirectory.Server.Dundi;

/// <summary>The DUNDi door and peering. Section <c>Dundi</c>.</summary>
/// <remarks>
/// docs/protocols/dundi.md §Deadlines, §Reliability and §Qualify; docs/architecture.md §Deadlines and
/// §Retransmission and giving up.
/// </remarks>
public sealed class DundiOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Dundi";

    /// <summary>Open the DUNDi door at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>UDP address and port; 4520 is the standard port (give Asterisk's pbx_dundi another one on a shared host).</summary>
    public string Listen { get; set; } = "127.0.0.1:4520";

    /// <summary>
    /// Networks (CIDR) besides loopback and the configured peers' addresses from which packets are
    /// accepted, e.g. where dynamic peers register from. Everything else is dropped unanswered.
    /// </summary>
    public List<string> AllowedClients { get; set; } = [];

    /// <summary>Contexts this node answers at all; a query for another gets "Unsupported DUNDI Context".</summary>
    public List<string> Contexts { get; set; } = [];

    /// <summary>Budget of an inbound query: this many milliseconds ...</summary>
    public int BudgetBaseMs { get; set; } = 200;

    /// <summary>... plus this many per remaining hop (TTL), so deeper nodes give up first.</summary>
    public int BudgetPerHopMs { get; set; } = 20;

    /// <summary>Retransmissions of an unacknowledged packet: the interval is twice the peer's round trip clamped to these bounds.</summary>
    public int RetransmitMinMs { get; set; } = 50;

    /// <summary>Upper bound of the retransmission interval (Asterisk's fixed interval).</summary>
    public int RetransmitMaxMs { get; set; } = 1000;

    /// <summary>Interval used for a peer whose round trip is not known yet.</summary>
    public int RetransmitInitialMs { get; set; } = 250;

    /// <summary>
    /// Transmissions of one packet (Asterisk: 5). It is given up once they are spent and
    /// <c>MaxSends × RetransmitMaxMs</c> has passed since the first, so a short interval does not
    /// write off a peer that is only briefly busy.
    /// </summary>
    public int MaxSends { get; set; } = 5;

    /// <summary>
    /// Give up a query whose first packet is not acknowledged within this many milliseconds, even with
    /// sends left (Asterisk's <c>autokill = yes</c> is 2000); 0 turns it off.
    /// </summary>
    public int AutoKillMs { get; set; }

    /// <summary>
    /// Most transactions other hosts may have open with this node at once (our own queries and probes
    /// are not counted, so a flood can never stop the node asking its peers). Over it, new ones are
    /// dropped and counted.
    /// </summary>
    public int MaxTransactions { get; set; } = 8192;

    /// <summary>Most transactions one source address may have open at once.</summary>
    public int MaxTransactionsPerSource { get; set; } = 512;

    /// <summary>
    /// Receive and send buffer asked of the kernel for the DUNDi socket, in bytes. Linux grants at most
    /// <c>net.core.rmem_max</c> / <c>wmem_max</c> (the node logs what it got); the 212 KB default
    /// overflows under a burst of queries and drops them before the node sees them.
    /// </summary>
    /// <remarks>docs/protocols/dundi.md §Performance.</remarks>
    public int SocketBufferBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Most queries in flight with one peer, each way: ours waiting for its answer (beyond it a query
    /// is not sent, and the lookup is failed or partial at once), and its lookups running here (beyond
    /// it the peer is refused with CAUSE GENERAL). A peer that floods, or a peer that stopped
    /// answering while calls keep coming, holds no more than this.
    /// </summary>
    public int MaxQueriesPerPeer { get; set; } = 256;

    /// <summary>
    /// Most queries remembered after they were answered, to tell the same query coming back around
    /// a ring (DUPLICATE); each is kept for the longest lookup's budget. Beyond it new ones are not
    /// remembered until old ones expire (a ring is then caught only while its query is in flight).
    /// </summary>
    public int MaxRecentQueries { get; set; } = 65_536;

    /// <summary>
    /// Replies per second (refusals, INVALID) one source address that is not an authenticated peer may
    /// get; bursts of <see cref="UnauthenticatedReplyBurst"/>. Beyond it, packets go unanswered.
    /// </summary>
    public int UnauthenticatedRepliesPerSecond { get; set; } = 10;

    /// <summary>Burst allowed on top of <see cref="UnauthenticatedRepliesPerSecond"/>.</summary>
    public int UnauthenticatedReplyBurst { get; set; } = 20;

    /// <summary>Seconds between qualify probes of a live peer (Asterisk: 60).</summary>
    public int QualifyIntervalSeconds { get; set; } = 60;

    /// <summary>Seconds between probes of a peer that is unreachable or lagged (Asterisk: 10).</summary>
    public int QualifyRetrySeconds { get; set; } = 10;

    /// <summary>
    /// Precache: a range naming more numbers than this is not pushed at all (a pattern of variable
    /// length never is); smaller ranges are pushed whole.
    /// </summary>
    public int PrecacheMaxNumbersPerRange { get; set; } = 1000;

    /// <summary>
    /// Precache: most numbers pushed to one peer per round (one PRECACHERQ each); a range that does
    /// not fit in what is left of it is skipped that round.
    /// </summary>
    public int PrecacheMaxNumbersPerRound { get; set; } = 1000;

    /// <summary>
    /// The single limit of earlier versions, which was one budget per peer and round although it was
    /// documented per range. Replaced by <see cref="PrecacheMaxNumbersPerRange"/> and
    /// <see cref="PrecacheMaxNumbersPerRound"/>; setting it stops start-up with what to write instead.
    /// </summary>
    public int? PrecacheMaxNumbers { get; set; }

    /// <summary>
    /// This node's RSA-1024 private key (PEM, mode 600), like Asterisk's <c>outkey</c>; needed as soon as a
    /// peer has an <see cref="DundiPeerOptions.InKey"/>. Empty: no encryption.
    /// </summary>
    public string PrivateKey { get; set; } = string.Empty;

    /// <summary>Seconds a session key is used with a peer before a new one is made (Asterisk: 3600).</summary>
    public int KeyRotationSeconds { get; set; } = 3600;

    /// <summary>Contact details sent in answer to EIDQUERY.</summary>
    public DundiContactOptions Contact { get; set; } = new();

    /// <summary>The peers of this node.</summary>
    public List<DundiPeerOptions> Peers { get; set; } = [];
}
