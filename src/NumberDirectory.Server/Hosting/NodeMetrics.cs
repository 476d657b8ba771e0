using System.Diagnostics.Metrics;
using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Handlers;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Peers;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.Dundi;

namespace NumberDirectory.Server.Hosting;

/// <summary>
/// The node's metrics, served on <c>/metrics</c>: every series is declared here, as an instrument of
/// this node's own <see cref="Meter"/> ("NumberDirectory", from the node's <see cref="IMeterFactory"/>,
/// so nodes in one process never share counts), and doors record through the methods below.
/// </summary>
/// <remarks>
/// To add a series: declare its instrument in the constructor, named <c>numberdirectory.…</c> with a
/// unit and a description (the HELP text), and list it in README §Monitoring. A Counter counts events
/// (add a method here for the door to call; the doors never touch instruments); a Histogram of seconds
/// times them (unit <c>s</c> and bucket advice, e.g. <see cref="LatencyBuckets"/>); an observable gauge
/// or counter reads a state that its owner keeps, at scrape time. The exported name follows from the
/// instrument (see <see cref="PrometheusExporter"/>); tag every measurement of one instrument with the
/// same tag names, which become its labels.
/// </remarks>
public sealed class NodeMetrics : IDisposable
{
    /// <summary>Latency buckets in seconds, for deadlines well under a second: half a millisecond to five seconds.</summary>
    public static readonly IReadOnlyList<double> LatencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private static readonly AsyncLocal<bool> Uncounted = new();

    private static readonly PeerReachability[] States = Enum.GetValues<PeerReachability>();

    // Made once: refusing a flood of packets must not allocate a label per packet.
    private static readonly KeyValuePair<string, object?> DundiDoor = new("door", DundiEndpoint.Door);
    private static readonly KeyValuePair<string, object?>[] DundiRefusalReasons =
        [.. Enum.GetValues<DundiRefusal>().Select(r => new KeyValuePair<string, object?>("reason", DundiDoorCounters.Word(r)))];

    private static readonly KeyValuePair<string, object?>[] DundiMalformedReasons =
        [.. Enum.GetValues<Core.Dundi.DundiDecodeError>().Select(e => new KeyValuePair<string, object?>("reason", "malformed-" + DundiDoorCounters.Word(e)))];

    private readonly PrometheusExporter _exporter;
    private readonly Counter<long> _lookups;
    private readonly Histogram<double> _lookupDuration;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _transfers;
    private readonly Counter<long> _notifies;
    private readonly Counter<long> _peerQueries;
    private readonly Counter<long> _unusableAnswers;
    private readonly Counter<long> _upstreamQueries;
    private readonly Counter<long> _agiAccepted;
    private readonly Counter<long> _agiEnded;
    private readonly Counter<long> _dataFileWrites;
    private readonly Histogram<double> _dataFileWriteDuration;

    internal NodeMetrics(IMeterFactory meters, RangeTable ranges, LookupCache cache, CacheHandler cacheHandler, DundiPeerTable? peers)
    {
        var meter = meters.Create(new MeterOptions("NumberDirectory"));
        _exporter = new PrometheusExporter(meter);

        _lookups = meter.CreateCounter<long>("numberdirectory.lookups", "{lookup}", "Lookups answered, by door and status.");
        _lookupDuration = meter.CreateHistogram<double>(
            "numberdirectory.lookup.duration",
            "s",
            "Time a door took to answer a lookup, from the request read to the answer ready to send, by door.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _rejected = meter.CreateCounter<long>("numberdirectory.rejected", "{request}", "Requests refused before a lookup, by door and reason.");
        _transfers = meter.CreateCounter<long>(
            "numberdirectory.enum.transfers",
            "{transfer}",
            "Zone transfers asked of the ENUM door, by kind (axfr, ixfr: deltas sent, ixfr-axfr: whole zone for a serial the history lacks, ixfr-current: secondary up to date) and outcome (ok, refused, notauth, formerr, aborted).");
        _notifies = meter.CreateCounter<long>(
            "numberdirectory.enum.notifies",
            "{message}",
            "NOTIFY messages to secondaries, by outcome: acknowledged, unanswered (sent again later).");
        meter.CreateObservableGauge("numberdirectory.published_ranges", () => ranges.Count, "{range}", "Ranges this node publishes.");

        meter.CreateObservableCounter(
            "numberdirectory.cache.lookups",
            () => new Measurement<long>[]
            {
                new(cacheHandler.Hits, new KeyValuePair<string, object?>("outcome", "hit")),
                new(cacheHandler.Misses, new KeyValuePair<string, object?>("outcome", "miss")),
                new(cacheHandler.StaleAnswers, new KeyValuePair<string, object?>("outcome", "stale")),
            },
            "{lookup}",
            "Lookups through the answer cache: hit (fresh answer), miss (peers asked), stale (expired answer served because the peers failed).");
        meter.CreateObservableGauge("numberdirectory.cache.entries", () => cache.Count, "{entry}", "Answers held in the cache, stale ones included.");
        meter.CreateObservableGauge("numberdirectory.cache.bytes", () => cache.Bytes, "{byte}", "Memory the cached answers take, estimated (Cache:MaxMegabytes bounds it).");

        _peerQueries = meter.CreateCounter<long>("numberdirectory.peer.queries", "{query}", "Fan-out queries to each peer (EID), by outcome: answered, refused, failed, timeout, cancelled, overloaded.");
        _unusableAnswers = meter.CreateCounter<long>(
            "numberdirectory.dundi.answers.unusable",
            "{answer}",
            "DUNDi answers from each peer (EID) whose dest could not become a route; the lookup they belonged to was partial or failed.");
        _upstreamQueries = meter.CreateCounter<long>(
            "numberdirectory.upstream_enum.queries",
            "{query}",
            "NAPTR queries to each upstream ENUM suffix, by outcome: records, nodata, nxdomain, failed (SERVFAIL, REFUSED, timeout, unreachable).");
        // Read at each scrape: peers are added and removed at runtime.
        IReadOnlyCollection<DundiPeer> All() => peers?.All ?? [];
        meter.CreateObservableGauge(
            "numberdirectory.peer.state",
            () => All().SelectMany(p => States.Select(s => new Measurement<int>(p.Reachability == s ? 1 : 0, Peer(p.Id), new("state", Word(s))))),
            "{peer}",
            "1 for each peer's (EID) current state (qualify), 0 for the others: reachable, lagged, unreachable, unknown.");
        meter.CreateObservableGauge(
            "numberdirectory.peer.rtt",
            () => All().Where(p => p.RoundTrip is not null).Select(p => new Measurement<double>(p.RoundTrip!.Value.TotalSeconds, Peer(p.Id))),
            "s",
            "Each peer's (EID) smoothed round trip, once one was measured.");
        meter.CreateObservableGauge(
            "numberdirectory.dundi.transactions",
            () => DundiTransactions?.Invoke() ?? 0,
            "{transaction}",
            "DUNDi transactions open now (ours and those other hosts opened, lingering closed ones included).");
        meter.CreateObservableCounter(
            "numberdirectory.enum.responses",
            () => EnumCounters?.Responses().Select(r => new Measurement<long>(r.Count, new("rcode", r.Code), new("transport", r.Transport))) ?? [],
            "{response}",
            "DNS responses the ENUM door sent, by rcode (noerror, nxdomain, servfail, refused, formerr, notimp, badvers) and transport (udp, tcp).");
        meter.CreateObservableCounter(
            "numberdirectory.enum.answer_cache.lookups",
            () => EnumCounters is { } enumCounters
                ? new Measurement<long>[] { new(enumCounters.Hits, new KeyValuePair<string, object?>("outcome", "hit")), new(enumCounters.Misses, new KeyValuePair<string, object?>("outcome", "miss")) }
                : [],
            "{query}",
            "Queries the ENUM door answered from an answer it kept encoded (hit) or had to decide (miss).");
        meter.CreateObservableCounter(
            "numberdirectory.enum.rate_limited",
            () => EnumRateLimiter is { } limiter
                ? new Measurement<long>[] { new(limiter.Dropped, new KeyValuePair<string, object?>("action", "drop")), new(limiter.Slipped, new KeyValuePair<string, object?>("action", "slip")) }
                : [],
            "{response}",
            "UDP answers of the ENUM door over a client network's rate (Enum:RateLimit): dropped, or slipped (sent truncated so the client asks over TCP).");
        meter.CreateObservableCounter(
            "numberdirectory.dundi.packets.received",
            () => Dundi.ReceivedByCommand().Select(c => new Measurement<long>(c.Count, new KeyValuePair<string, object?>("command", c.Command))),
            "{packet}",
            "Well-formed DUNDi packets received, by command as on the wire (dpdiscover, dpresponse, ack, eidquery, encrypt, …; other for a byte no command has).");
        meter.CreateObservableCounter(
            "numberdirectory.dundi.packets.sent",
            () => Dundi.SentByCommand().Select(c => new Measurement<long>(c.Count, new KeyValuePair<string, object?>("command", c.Command))),
            "{packet}",
            "DUNDi packets sent, by command as on the wire (retransmissions included).");
        meter.CreateObservableCounter(
            "numberdirectory.dundi.packets.malformed",
            () => Dundi.MalformedByReason().Select(r => new Measurement<long>(r.Count, new KeyValuePair<string, object?>("reason", r.Reason))),
            "{packet}",
            "DUNDi datagrams that did not decode, dropped unanswered, by reason: truncated, oversized, lengthpastend, danglingietype.");
        meter.CreateObservableCounter(
            "numberdirectory.dundi.packets.refused",
            () => Dundi.RefusedByReason().Select(r => new Measurement<long>(r.Count, new KeyValuePair<string, object?>("reason", r.Reason))),
            "{packet}",
            "DUNDi packets refused (answered with a CAUSE, INVALID, UNKNOWN or ENCREJ) or dropped, by reason (unknown-eid, no-transaction, too-many-transactions, reply-rate-limited, …).");

        _agiAccepted = meter.CreateCounter<long>(
            "numberdirectory.agi.sessions.accepted",
            "{session}",
            "FastAGI sessions started: connections past Agi:AllowedClients and Agi:MaxSessions (those refused are in numberdirectory_rejected_total).");
        _agiEnded = meter.CreateCounter<long>(
            "numberdirectory.agi.sessions.ended",
            "{session}",
            "FastAGI sessions that ended, by outcome: completed (the script ran to its end, a refused header included), aborted (the client went away or the node stopped), failed (an error in the node, logged).");
        meter.CreateObservableGauge("numberdirectory.agi.sessions.open", () => AgiSessions?.Invoke() ?? 0, "{session}", "FastAGI sessions open now.");

        _dataFileWrites = meter.CreateCounter<long>(
            "numberdirectory.data_file.writes",
            "{write}",
            "Writes to the data file, each committed before it returned, by collection (ranges, peers, cache, registrations, identity, zone_serial, zone_journal) and outcome (ok, failed).");
        _dataFileWriteDuration = meter.CreateHistogram<double>(
            "numberdirectory.data_file.write.duration",
            "s",
            "Time a write to the data file took, its checkpoint or commit included, by collection.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
    }

    /// <summary>The ENUM door's rate limiter; set by the door, which is created after the metrics.</summary>
    internal EnumDns.EnumRateLimiter? EnumRateLimiter { get; set; }

    /// <summary>The ENUM door's response counts; set by the door, which is created after the metrics.</summary>
    internal EnumDns.EnumDoorCounters? EnumCounters { get; set; }

    /// <summary>The DUNDi door's per-packet counts (README §Monitoring).</summary>
    internal DundiDoorCounters Dundi { get; } = new();

    /// <summary>Reads the FastAGI door's open sessions; set by the door, which is created after the metrics.</summary>
    internal Func<int>? AgiSessions { get; set; }

    /// <summary>Reads the DUNDi door's open transactions; set by the door, which is created after the metrics.</summary>
    internal Func<int>? DundiTransactions { get; set; }

    /// <summary>
    /// From here to the end of the calling async method, nothing is counted: the node's own warm-up
    /// lookups at start are not traffic. Flows only to code this method calls, never to the doors'
    /// listeners, whose work starts elsewhere.
    /// </summary>
    public static void StopCountingHere() => Uncounted.Value = true;

    /// <summary>True inside the node's own warm-up (<see cref="StopCountingHere"/>).</summary>
    internal static bool IsUncounted => Uncounted.Value;

    /// <summary>Counts one answered lookup and how long it took at its door.</summary>
    public void Lookup(string door, LookupStatus status, TimeSpan elapsed)
    {
        if (Uncounted.Value)
        {
            return;
        }

        var doorTag = new KeyValuePair<string, object?>("door", door);
        _lookups.Add(1, doorTag, new("status", Word(status)));
        _lookupDuration.Record(elapsed.TotalSeconds, doorTag);
    }

    /// <summary>Counts one zone transfer request, once it ended.</summary>
    internal void Transfer(string kind, string outcome) => _transfers.Add(1, new("kind", kind), new("outcome", outcome));

    /// <summary>Counts one NOTIFY sent to a secondary, once it was answered or given up on.</summary>
    internal void Notify(string outcome) => _notifies.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Counts one request refused before the pipeline (bad input, client not allowed).</summary>
    public void Rejected(string door, string reason)
    {
        if (!Uncounted.Value)
        {
            _rejected.Add(1, new("door", door), new("reason", reason));
        }
    }

    /// <summary>Counts one DUNDi packet refused or dropped, without allocating.</summary>
    internal void DundiRefused(DundiRefusal reason)
    {
        Dundi.Refused(reason);
        if (!Uncounted.Value)
        {
            _rejected.Add(1, DundiDoor, DundiRefusalReasons[(int)reason]);
        }
    }

    /// <summary>Counts one DUNDi datagram that did not decode, without allocating.</summary>
    internal void DundiMalformed(Core.Dundi.DundiDecodeError error)
    {
        Dundi.Malformed(error);
        if (!Uncounted.Value)
        {
            _rejected.Add(1, DundiDoor, DundiMalformedReasons[(int)error]);
        }
    }

    /// <summary>Counts one FastAGI session started.</summary>
    internal void AgiSessionAccepted() => _agiAccepted.Add(1);

    /// <summary>Counts one FastAGI session ended, before its socket is closed.</summary>
    internal void AgiSessionEnded(string outcome) => _agiEnded.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Counts one write to the data file and how long it took (<see cref="Storage.NodeDatabase.Written"/>).</summary>
    internal void DataFileWrite(string collection, string outcome, TimeSpan elapsed)
    {
        var collectionTag = new KeyValuePair<string, object?>("collection", collection);
        _dataFileWrites.Add(1, collectionTag, new("outcome", outcome));
        _dataFileWriteDuration.Record(elapsed.TotalSeconds, collectionTag);
    }

    /// <summary>Counts one query of the fan-out to <paramref name="peer"/>, once it ended.</summary>
    internal void PeerQuery(NodeId peer, PeerQueryOutcome outcome) =>
        _peerQueries.Add(1, Peer(peer), new("outcome", Word(outcome)));

    /// <summary>Counts answers from <paramref name="peer"/> that could not become routes.</summary>
    internal void UnusableAnswers(NodeId peer, int count) => _unusableAnswers.Add(count, Peer(peer));

    /// <summary>Counts one NAPTR query to an upstream ENUM suffix, once it ended.</summary>
    internal void UpstreamQuery(string suffix, Core.Naptr.NaptrAnswerKind outcome)
    {
        if (!Uncounted.Value)
        {
            _upstreamQueries.Add(1, new("suffix", suffix), new("outcome", outcome switch
            {
                Core.Naptr.NaptrAnswerKind.Records => "records",
                Core.Naptr.NaptrAnswerKind.NoData => "nodata",
                Core.Naptr.NaptrAnswerKind.NameError => "nxdomain",
                _ => "failed",
            }));
        }
    }

    /// <summary>Upstream ENUM queries counted so far for a suffix and outcome (for tests).</summary>
    internal long UpstreamQueries(string suffix, string outcome) =>
        (long)_exporter.Value("numberdirectory_upstream_enum_queries_total", ("suffix", suffix), ("outcome", outcome));

    /// <summary>Lookups counted so far for a door and status (for tests and benchmarks).</summary>
    public long Lookups(string door, LookupStatus status) =>
        (long)_exporter.Value("numberdirectory_lookups_total", ("door", door), ("status", Word(status)));

    /// <summary>Rejections counted so far for a door and reason (for tests and benchmarks).</summary>
    public long Rejections(string door, string reason) =>
        (long)_exporter.Value("numberdirectory_rejected_total", ("door", door), ("reason", reason));

    /// <summary>Writes the Prometheus text exposition (version 0.0.4).</summary>
    public Task WriteAsync(Stream destination, CancellationToken cancellationToken) => _exporter.WriteAsync(destination, cancellationToken);

    /// <summary>The Prometheus text exposition, as a string.</summary>
    public async Task<string> RenderAsync()
    {
        using var text = new MemoryStream();
        await WriteAsync(text, CancellationToken.None).ConfigureAwait(false);
        return System.Text.Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
    }

    // The meter belongs to the node's meter factory, which disposes it with the node.
    public void Dispose() => _exporter.Dispose();

    private static KeyValuePair<string, object?> Peer(NodeId id) => new("peer", id.ToString());

    private static string Word(LookupStatus status) => status switch
    {
        LookupStatus.Found => "found",
        LookupStatus.NotFound => "notfound",
        LookupStatus.Failed => "failed",
        LookupStatus.Loop => "loop",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string Word(PeerReachability state) => state switch
    {
        PeerReachability.Reachable => "reachable",
        PeerReachability.Lagged => "lagged",
        PeerReachability.Unreachable => "unreachable",
        _ => "unknown",
    };

    private static string Word(PeerQueryOutcome outcome) => outcome switch
    {
        PeerQueryOutcome.Answered => "answered",
        PeerQueryOutcome.Refused => "refused",
        PeerQueryOutcome.Timeout => "timeout",
        PeerQueryOutcome.Cancelled => "cancelled",
        PeerQueryOutcome.Overloaded => "overloaded",
        _ => "failed",
    };
}
