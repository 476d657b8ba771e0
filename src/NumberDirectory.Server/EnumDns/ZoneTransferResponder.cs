using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using NumberDirectory.Core.EnumZones;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.EnumDns;

/// <summary>
/// Answers AXFR and IXFR on the door's TCP side for zones that answer from local ranges only: the
/// whole zone rendered from the node's own ranges, SOA first and last, streamed; or the steps since
/// the secondary's serial from the journal; or a single SOA when it is current. Refuses a Directory
/// zone, a client outside the zone's transfer networks and a request without the zone's TSIG key,
/// counting each refusal and logging it once per client and minute.
/// </summary>
/// <remarks>
/// RFC 5936 (AXFR), RFC 1995 (IXFR), RFC 8945 (TSIG); docs/protocols/enum.md §Zone transfer and
/// §Zone contents. Mesh answers never reach a transfer: the names come from the range table alone.
/// </remarks>
internal sealed partial class ZoneTransferResponder(
    EnumZoneSet zones,
    RangeTable ranges,
    EnumZoneRenderer renderer,
    ImmutableDictionary<string, EnumTransferPolicy> policies,
    ImmutableDictionary<string, TsigKey> keys,
    IEnumZoneJournal? journal,
    uint localAnswerTtl,
    NodeMetrics metrics,
    TimeProvider time,
    ILogger<ZoneTransferResponder> logger)
{
    /// <summary>Refusals logged per client and minute; more clients than this are not remembered (the log line may repeat).</summary>
    private const int MaxRemembered = 1024;

    private static readonly TimeSpan LogEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(IPAddress, string), DateTimeOffset> _logged = new();

    /// <summary>Serves one transfer request on <paramref name="client"/>; returns false when the connection must close.</summary>
    public async Task<bool> ServeAsync(Socket client, byte[] packet, byte[] lowered, DnsQuery query, IPAddress remote, CancellationToken cancellationToken)
    {
        var kind = query.Type == DnsWire.TypeAxfr ? "axfr" : "ixfr";
        var question = packet.AsMemory(DnsQueryParser.QuestionOffset, query.NameLength + 4);
        if (!TransferRequest.TryRead(packet, out var request))
        {
            metrics.Transfer(kind, "formerr");
            await SendAsync(client, Bare(query, question.Span, DnsResponseCode.FormatError), cancellationToken).ConfigureAwait(false);
            return false;
        }

        var match = zones.Match(lowered.AsSpan(0, query.NameLength));
        if (match.Zone is not { } zone || match.Kind != EnumNameKind.Apex || query.Class != DnsWire.ClassIn)
        {
            return await RefuseAsync(client, query, question, kind, remote, match.Zone?.Suffix ?? "(no zone of this node)", "the name is not the apex of a zone this node serves", cancellationToken).ConfigureAwait(false);
        }

        if (zone.Answers != EnumAnswers.Local)
        {
            return await RefuseAsync(client, query, question, kind, remote, zone.Suffix, "the zone answers from the directory (Answers: Directory) and is never transferred; serve a zone with Answers: Local to secondaries", cancellationToken).ConfigureAwait(false);
        }

        var policy = policies[zone.Suffix];
        if (!policy.Allowed.Allows(remote))
        {
            return await RefuseAsync(client, query, question, kind, remote, zone.Suffix, "the client is not in the zone's Transfer:AllowedClients", cancellationToken).ConfigureAwait(false);
        }

        TsigKey? key = null;
        byte[]? requestMac = null;
        if (request.Tsig is { } tsig)
        {
            key = keys.GetValueOrDefault(tsig.KeyName);
            var error = Tsig.Verify(packet, tsig, key, time.GetUtcNow());
            if (error == 0 && policy.Key is { } required && required.Name != tsig.KeyName)
            {
                error = Tsig.BadKey;
            }

            if (error != 0)
            {
                metrics.Transfer(kind, "notauth");
                LogOnce(remote, zone.Suffix, $"its TSIG did not verify ({(error == Tsig.BadKey ? "unknown key" : error == Tsig.BadTime ? "clock difference" : "bad signature")}, key '{tsig.KeyName}')");
                var answer = Bare(query, question.Span, DnsResponseCode.NotAuth);
                Tsig.AppendError(answer, tsig, error, time.GetUtcNow());
                await SendAsync(client, answer, cancellationToken).ConfigureAwait(false);
                return false;
            }

            requestMac = tsig.Mac;
        }
        else if (policy.Key is not null)
        {
            return await RefuseAsync(client, query, question, kind, remote, zone.Suffix, $"the zone requires TSIG key '{policy.Key.Name}' and the request was not signed", cancellationToken).ConfigureAwait(false);
        }

        // The ranges and the serial taken together, between two changes: the SOA names exactly what is sent.
        var (zoneRanges, serial) = ranges.Snapshot(zone.Context, () => zones.Serial);
        using var writer = new ZoneTransferWriter(client, question.Span, query.Id, key, requestMac, time);
        var ttl = Math.Min(zone.Ttl, localAnswerTtl);
        var started = time.GetTimestamp();
        try
        {
            if (query.Type == DnsWire.TypeIxfr && request.ClientSerial is { } have)
            {
                if (have == serial || SerialAhead(have, serial))
                {
                    // RFC 1995 §2: the secondary is current; one SOA says so.
                    await writer.SoaAsync(zone, serial, cancellationToken).ConfigureAwait(false);
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                    metrics.Transfer("ixfr-current", "ok");
                    return true;
                }

                if (journal?.Since(have, serial) is { } steps)
                {
                    await WriteDeltasAsync(writer, zone, steps, serial, ttl, cancellationToken).ConfigureAwait(false);
                    metrics.Transfer("ixfr", "ok");
                    var ixfrMilliseconds = time.GetElapsedTime(started).TotalMilliseconds;
                    LogSent("IXFR", zone.Suffix, remote, serial, writer.Records, writer.Messages, ixfrMilliseconds);
                    return true;
                }

                kind = "ixfr-axfr";
            }

            await writer.SoaAsync(zone, serial, cancellationToken).ConfigureAwait(false);
            foreach (var server in zone.NameServers)
            {
                await writer.NsAsync(zone, server, cancellationToken).ConfigureAwait(false);
            }

            foreach (var name in renderer.Names(zoneRanges))
            {
                await writer.NameAsync(name, ttl, cancellationToken).ConfigureAwait(false);
            }

            await writer.SoaAsync(zone, serial, cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            metrics.Transfer(kind, "ok");
            var milliseconds = time.GetElapsedTime(started).TotalMilliseconds;
            LogSent(kind == "axfr" ? "AXFR" : "AXFR (for an IXFR from a serial the history lacks)", zone.Suffix, remote, serial, writer.Records, writer.Messages, milliseconds);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The secondary went away mid-transfer; it will ask again.
            metrics.Transfer(kind, "aborted");
            return false;
        }
    }

    private static async Task WriteDeltasAsync(ZoneTransferWriter writer, EnumZone zone, IReadOnlyList<EnumZoneDelta> steps, uint serial, uint ttl, CancellationToken cancellationToken)
    {
        // RFC 1995 §4: the new SOA, then per step the old SOA, what went, the new SOA, what came; the new SOA last.
        await writer.SoaAsync(zone, serial, cancellationToken).ConfigureAwait(false);
        foreach (var step in steps)
        {
            var mine = step.Context == zone.Context;
            await writer.SoaAsync(zone, step.From, cancellationToken).ConfigureAwait(false);
            foreach (var name in mine ? step.Deleted : [])
            {
                await writer.NameAsync(name, ttl, cancellationToken).ConfigureAwait(false);
            }

            await writer.SoaAsync(zone, step.To, cancellationToken).ConfigureAwait(false);
            foreach (var name in mine ? step.Added : [])
            {
                await writer.NameAsync(name, ttl, cancellationToken).ConfigureAwait(false);
            }
        }

        await writer.SoaAsync(zone, serial, cancellationToken).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>RFC 1982 §3.2: <paramref name="a"/> is greater than <paramref name="b"/>.</summary>
    private static bool SerialAhead(uint a, uint b) => a != b && unchecked((int)(a - b)) > 0;

    private async Task<bool> RefuseAsync(Socket client, DnsQuery query, ReadOnlyMemory<byte> question, string kind, IPAddress remote, string zone, string why, CancellationToken cancellationToken)
    {
        metrics.Transfer(kind, "refused");
        LogOnce(remote, zone, why);
        await SendAsync(client, Bare(query, question.Span, DnsResponseCode.Refused), cancellationToken).ConfigureAwait(false);
        return true;
    }

    private void LogOnce(IPAddress remote, string zone, string why)
    {
        var now = time.GetUtcNow();
        if (_logged.TryGetValue((remote, zone), out var last) && now - last < LogEvery)
        {
            return;
        }

        if (_logged.Count >= MaxRemembered)
        {
            _logged.Clear();
        }

        _logged[(remote, zone)] = now;
        LogRefused(remote, zone, why);
    }

    private static List<byte> Bare(DnsQuery query, ReadOnlySpan<byte> question, DnsResponseCode code)
    {
        var message = new byte[DnsWire.HeaderLength];
        BinaryPrimitives.WriteUInt16BigEndian(message, query.Id);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), (ushort)(DnsWire.FlagQr | (query.Flags & DnsWire.OpcodeMask) | ((int)code & 0xF)));
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), 1);
        return [.. message, .. question];
    }

    private static async Task SendAsync(Socket client, List<byte> message, CancellationToken cancellationToken)
    {
        var framed = new byte[message.Count + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Count);
        message.CopyTo(framed, 2);
        await client.SendAsync(framed, SocketFlags.None, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ENUM transfer of {Zone} to {Client} refused: {Why} (logged once a minute per client)")]
    private partial void LogRefused(IPAddress client, string zone, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "ENUM {Kind} of {Zone} to {Client}: serial {Serial}, {Records} records in {Messages} messages, {Milliseconds:F0} ms")]
    private partial void LogSent(string kind, string zone, IPAddress client, uint serial, long records, int messages, double milliseconds);
}
