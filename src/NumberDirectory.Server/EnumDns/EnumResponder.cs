using ARSoft.Tools.Net.Dns;
using NumberDirectory.Core.EnumZones;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Server.EnumDns;

/// <summary>
/// Decides the answer to one parsed query: which zone, which name, and for numbers what the lookup
/// pipeline says, rendered as NAPTR (and TXT for a display name). It knows the pipeline only: never a
/// handler, never storage.
/// </summary>
/// <remarks>docs/protocols/enum.md §Responses; docs/architecture.md §Results on each door.</remarks>
internal sealed partial class EnumResponder(
    EnumZoneSet zones,
    ILookupPipeline pipeline,
    NaptrRenderer naptr,
    EnumResponderOptions options,
    TimeProvider time,
    ILogger<EnumResponder> logger)
{
    /// <summary>The TTL of a partial answer (some peer could not be asked): short, so the full one is asked for soon.</summary>
    public static readonly TimeSpan PartialTtl = TimeSpan.FromSeconds(5);

    public EnumZoneSet Zones => zones;

    /// <summary>
    /// The answer that needs no lookup, or null when the pipeline must be asked (<see cref="AnswerAsync"/>).
    /// </summary>
    public EnumReply? Immediate(in DnsQuery query, ReadOnlySpan<byte> loweredName, EnumTransport transport, out EnumZoneMatch match)
    {
        match = default;
        if (query.Edns is { Version: not 0 })
        {
            return new EnumReply(DnsAnswer.Bare(DnsResponseCode.BadVersion), TimeSpan.Zero);
        }

        if (query.Type == DnsWire.TypeOpt)
        {
            return new EnumReply(DnsAnswer.Bare(DnsResponseCode.FormatError), TimeSpan.Zero);
        }

        match = zones.Match(loweredName[..query.NameLength]);
        if (match.Zone is not { } zone || query.Class is not (DnsWire.ClassIn or DnsWire.ClassAny))
        {
            return new EnumReply(DnsAnswer.Bare(DnsResponseCode.Refused), TimeSpan.Zero);
        }

        var ttl = TimeSpan.FromSeconds(zone.Ttl);
        if (query.Type == DnsWire.TypeIxfr && transport == EnumTransport.Udp && match.Kind == EnumNameKind.Apex)
        {
            // RFC 1995 §2: over UDP the current SOA alone; a secondary that is behind asks again over TCP.
            return new EnumReply(new DnsAnswer(DnsResponseCode.NoError, true, [zones.Soa(zone)], []), TimeSpan.Zero);
        }

        if (query.Type is DnsWire.TypeAxfr or DnsWire.TypeIxfr)
        {
            // RFC 5936 §4.2: no AXFR over UDP. Over TCP the listener hands transfers to
            // ZoneTransferResponder before they get here; what does get here is refused.
            return new EnumReply(DnsAnswer.Bare(transport == EnumTransport.Udp ? DnsResponseCode.FormatError : DnsResponseCode.Refused), TimeSpan.Zero);
        }

        var negative = TimeSpan.FromSeconds(zone.NegativeTtl);
        return match.Kind switch
        {
            EnumNameKind.Apex => query.Type switch
            {
                // ANY gets one RRset, the SOA (RFC 8482 §4.2).
                DnsWire.TypeSoa or DnsWire.TypeAny => new EnumReply(new DnsAnswer(DnsResponseCode.NoError, true, [zones.Soa(zone)], []), ttl),
                DnsWire.TypeNs => new EnumReply(new DnsAnswer(DnsResponseCode.NoError, true, EnumZoneSet.NameServers(zone), []), ttl),
                _ => new EnumReply(NoData(zone), negative),
            },
            EnumNameKind.NotANumber => new EnumReply(NameError(zone), negative),
            _ => null,
        };
    }

    /// <summary>Asks the pipeline for the number of <paramref name="match"/> and renders the result.</summary>
    public async ValueTask<EnumReply> AnswerAsync(DnsQuery query, EnumZoneMatch match, CancellationToken cancellationToken)
    {
        var zone = match.Zone!;
        var request = new LookupRequest(match.Number, zone.Context, options.HopBudget, [], time.GetUtcNow() + options.Timeout)
        {
            // NODATA for a number still being dialled needs to know one is (docs/protocols/enum.md §Empty non-terminals).
            IncludePartialMatches = true,
            LocalOnly = zone.Answers == EnumAnswers.Local,

            // Without RD the asker is iterating (a resolver, or a node using this one as its upstream):
            // answering from upstream ENUM could ask it back (docs/architecture.md §UpstreamEnum).
            NoUpstream = !query.RecursionDesired,
        };
        var result = await pipeline.LookupAsync(request, cancellationToken).ConfigureAwait(false);
        var reply = Render(query, match, result);

        // The encoded answer is kept per question, not per RD bit: one that left upstream out must not
        // answer a query that may ask it.
        return result.WithoutUpstream ? reply with { Reusable = TimeSpan.Zero } : reply;
    }

    /// <summary>The answer for a lookup result (also what the start-up warm-up renders).</summary>
    public EnumReply Render(in DnsQuery query, EnumZoneMatch match, LookupResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var zone = match.Zone!;
        var negative = TimeSpan.FromSeconds(zone.NegativeTtl);
        switch (result.Status)
        {
            case LookupStatus.Failed:
                LogFailed(match.Number.ToString(), zone.Context, string.Join(" | ", result.Trace.Select(t => $"{t.Source}: {t.Message}")));
                return new EnumReply(DnsAnswer.Bare(DnsResponseCode.ServerFailure), TimeSpan.Zero, result);
            case LookupStatus.NotFound or LookupStatus.Loop:
                return new EnumReply(NameError(zone), negative, result);
        }

        var existing = result.Routes.Where(r => r.Flags.HasFlag(RouteFlags.Exists)).ToList();
        if (existing.Count == 0)
        {
            // Only CANMATCH/MATCHMORE: a shorter digit string above published numbers, an empty non-terminal.
            return new EnumReply(NoData(zone), result.Partial ? TimeSpan.Zero : negative, result);
        }

        var ttl = TimeSpan.FromSeconds(Math.Min(zone.Ttl, Math.Max(0, (long)existing.Min(r => r.Ttl).TotalSeconds)));
        if (result.Partial && ttl > PartialTtl)
        {
            ttl = PartialTtl;
        }

        var owner = EnumZoneSet.Name(Owner(match));
        var seconds = (int)ttl.TotalSeconds;
        var records = new List<DnsRecordBase>();
        switch (query.Type)
        {
            case DnsWire.TypeNaptr or DnsWire.TypeAny:
                foreach (var route in existing)
                {
                    if (RouteUri.TryParse(route.Uri, out var uri, out _) && naptr.TryRender(uri, route.Weight, route.Naptr, out var rendered, out _))
                    {
                        records.AddRange(rendered.Select(r => new NaptrRecord(owner, seconds, r.Order, r.Preference, r.Flags, r.Services, r.Regexp, EnumZoneSet.Name(r.Replacement == "." ? string.Empty : r.Replacement))));
                    }
                }

                break;
            case DnsWire.TypeTxt when result.DisplayName is { } display:
                records.Add(new TxtRecord(owner, seconds, display));
                break;
        }

        var reusable = result.Partial ? TimeSpan.Zero : ttl;
        return records.Count == 0
            ? new EnumReply(NoData(zone), result.Partial ? TimeSpan.Zero : negative, result)
            : new EnumReply(new DnsAnswer(DnsResponseCode.NoError, true, records, []), reusable, result);
    }

    private DnsAnswer NoData(EnumZone zone) => new(DnsResponseCode.NoError, true, [], [zones.NegativeSoa(zone)]);

    private DnsAnswer NameError(EnumZone zone) => new(DnsResponseCode.NameError, true, [], [zones.NegativeSoa(zone)]);

    private static string Owner(EnumZoneMatch match)
    {
        EnumDomain.TryGetName(match.Number, match.Zone!.Suffix, out var name);
        return name!;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ENUM lookup of {Number} in {Context} failed (SERVFAIL): {Trace}")]
    private partial void LogFailed(string number, string context, string trace);
}
