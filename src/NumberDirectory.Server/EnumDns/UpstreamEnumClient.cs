using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;
using NumberDirectory.Core.Naptr;
using NumberDirectory.Core.Routes;
using NumberDirectory.Server.Hosting;
using ClientError = DnsClient.DnsResponseCode;

namespace NumberDirectory.Server.EnumDns;

/// <summary>
/// Asks one upstream suffix's servers for NAPTR records with DnsClient: no cache of its own (answers are
/// kept by the node's cache, with their TTLs), RD=0 to the configured authoritative servers so that a
/// node asked this way never asks on, the servers in order, each given its share of the time left.
/// </summary>
/// <remarks>
/// docs/protocols/enum.md §Upstream ENUM client. RFC 2308 §5 (the negative TTL is the smaller of the
/// SOA's TTL and its MINIMUM; without an SOA a negative answer is not kept); RFC 1035 §4.1.1 (RD).
/// </remarks>
internal sealed class UpstreamEnumClient : INaptrResolver
{
    // Below this an attempt cannot be answered even on loopback; the deadline still bounds the whole.
    private static readonly TimeSpan MinAttempt = TimeSpan.FromMilliseconds(20);

    private readonly LookupClient _client;
    private readonly ImmutableArray<NameServer> _servers;
    private readonly bool _recursion;
    private readonly string _suffix;
    private readonly TimeProvider _time;
    private readonly NodeMetrics? _metrics;

    public UpstreamEnumClient(string suffix, IReadOnlyList<IPEndPoint> servers, TimeProvider time, NodeMetrics? metrics)
    {
        ArgumentNullException.ThrowIfNull(servers);
        _suffix = suffix;
        _time = time;
        _metrics = metrics;

        // The system's resolvers recurse for us, and answer a query without RD from their cache only.
        _recursion = servers.Count == 0;
        _servers = _recursion
            ? [.. NameServer.ResolveNameServers(skipIPv6SiteLocal: true, fallbackToGooglePublicDns: false)]
            : [.. servers.Select(s => new NameServer(s))];

        // Each query names its server; the client's own list only keeps it from looking up the system's.
        _client = new LookupClient(new LookupClientOptions(_servers.IsEmpty ? [new NameServer(IPAddress.Loopback)] : [.. _servers])
        {
            UseCache = false,
            EnableAuditTrail = false,
        });
    }

    public async ValueTask<NaptrAnswer> ResolveAsync(string name, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var answer = await AskAsync(name, deadline, cancellationToken).ConfigureAwait(false);
        _metrics?.UpstreamQuery(_suffix, answer.Kind);
        return answer;
    }

    private async Task<NaptrAnswer> AskAsync(string name, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        if (_servers.IsEmpty)
        {
            return NaptrAnswer.Failed("no name server: none configured and the system names none");
        }

        var failures = new List<string>();
        for (var i = 0; i < _servers.Length; i++)
        {
            var left = deadline - _time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            var server = _servers[i];
            var share = left / (_servers.Length - i);
            using var timeout = new CancellationTokenSource(share, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            var options = new DnsQueryAndServerOptions(server)
            {
                Recursion = _recursion,
                UseCache = false,

                // Two tries within the share, so one lost datagram does not fail the suffix.
                Retries = 1,
                Timeout = share / 2 > MinAttempt ? share / 2 : MinAttempt,
                ThrowDnsErrors = false,
                ContinueOnDnsError = false,
                ContinueOnEmptyResponse = false,
                UseTcpFallback = true,
                UseRandomNameServer = false,
                EnableAuditTrail = false,
            };
            try
            {
                var response = await _client.QueryAsync(new DnsQuestion(name, QueryType.NAPTR, QueryClass.IN), options, linked.Token).ConfigureAwait(false);
                if (Read(name, response, out var failure) is { } answer)
                {
                    return answer;
                }

                failures.Add($"{server}: {failure}");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{server}: no answer within {share.TotalMilliseconds:F0} ms");
            }
            catch (OperationCanceledException)
            {
                failures.Add($"{server}: cancelled at the lookup's deadline");
                break;
            }
            catch (DnsResponseException ex)
            {
                // DnsClient reports its own timeouts and unreachable servers this way.
                failures.Add($"{server}: {Describe(ex)}");
            }
            catch (SocketException ex)
            {
                failures.Add($"{server}: {ex.SocketErrorCode}");
            }
        }

        return NaptrAnswer.Failed(failures.Count == 0 ? "no time left before the lookup's deadline" : string.Join("; ", failures));
    }

    /// <summary>The answer in a response, or null with why it is none (the next server is asked).</summary>
    private static NaptrAnswer? Read(string name, IDnsQueryResponse response, out string failure)
    {
        failure = string.Empty;
        var question = response.Questions.Count == 1 ? response.Questions[0] : null;
        if (question is null || !Same(question.QueryName.Value, name) || question.QuestionType != QueryType.NAPTR)
        {
            failure = "the response answers another question";
            return null;
        }

        var code = response.Header.ResponseCode;
        if (code is not (DnsHeaderResponseCode.NoError or DnsHeaderResponseCode.NotExistentDomain))
        {
            failure = code switch
            {
                DnsHeaderResponseCode.ServerFailure => "SERVFAIL",
                DnsHeaderResponseCode.Refused => "REFUSED",
                DnsHeaderResponseCode.FormatError => "FORMERR",
                DnsHeaderResponseCode.NotImplemented => "NOTIMP",
                _ => $"response code {(int)code}",
            };
            return null;
        }

        var naptr = response.Answers.NAPtrRecords().ToList();
        if (code == DnsHeaderResponseCode.NoError && naptr.Count > 0)
        {
            var ttl = response.Answers.Min(r => r.InitialTimeToLive);
            var records = naptr.Select(r => new NaptrRecordData((ushort)r.Order, (ushort)r.Preference, r.Flags, r.Services, r.RegularExpression, r.Replacement.Value)).ToImmutableArray();
            return new NaptrAnswer(NaptrAnswerKind.Records, records, TimeSpan.FromSeconds(Math.Max(0, ttl)));
        }

        var soa = response.Authorities.SoaRecords().FirstOrDefault();
        if (code == DnsHeaderResponseCode.NoError && soa is null)
        {
            // No SOA: a referral (the server is not authoritative for the name) or a CNAME left for us
            // to chase; neither says the number has no records.
            failure = response.Authorities.NsRecords().Any()
                ? "a referral: the server is not authoritative for the name"
                : response.Answers.CnameRecords().Any() ? "only a CNAME, which is not followed" : "NOERROR with neither records nor an SOA";
            return null;
        }

        var negative = soa is null ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min((long)Math.Max(0, soa.InitialTimeToLive), soa.Minimum));
        return new NaptrAnswer(code == DnsHeaderResponseCode.NotExistentDomain ? NaptrAnswerKind.NameError : NaptrAnswerKind.NoData, [], negative);
    }

    private static bool Same(string a, string b) =>
        string.Equals(a.TrimEnd('.'), b.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);

    private static string Describe(DnsResponseException ex) => ex.Code switch
    {
        ClientError.ConnectionTimeout => "no answer (timeout)",
        _ => ex.Message,
    };
}
