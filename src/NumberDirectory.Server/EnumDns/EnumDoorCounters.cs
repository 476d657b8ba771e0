namespace NumberDirectory.Server.EnumDns;

/// <summary>
/// The ENUM door's per-response counts, plain interlocked adds on the hot path, read by
/// <c>NodeMetrics</c> at scrape time (numberdirectory_enum_responses_total, numberdirectory_enum_answer_cache_lookups_total).
/// </summary>
internal sealed class EnumDoorCounters
{
    private static readonly (DnsResponseCode Code, string Word)[] Codes =
    [
        (DnsResponseCode.NoError, "noerror"), (DnsResponseCode.FormatError, "formerr"), (DnsResponseCode.ServerFailure, "servfail"),
        (DnsResponseCode.NameError, "nxdomain"), (DnsResponseCode.NotImplemented, "notimp"), (DnsResponseCode.Refused, "refused"),
        (DnsResponseCode.BadVersion, "badvers"),
    ];

    private readonly long[] _responses = new long[2 * 17];
    private long _hits;
    private long _misses;

    public void Response(EnumTransport transport, DnsResponseCode code) =>
        Interlocked.Increment(ref _responses[((int)transport * 17) + (int)code]);

    public void Hit() => Interlocked.Increment(ref _hits);

    public void Miss() => Interlocked.Increment(ref _misses);

    public IEnumerable<(string Code, string Transport, long Count)> Responses()
    {
        foreach (var transport in (EnumTransport[])[EnumTransport.Udp, EnumTransport.Tcp])
        {
            foreach (var (code, word) in Codes)
            {
                var count = Interlocked.Read(ref _responses[((int)transport * 17) + (int)code]);
                if (count > 0)
                {
                    yield return (word, transport == EnumTransport.Udp ? "udp" : "tcp", count);
                }
            }
        }
    }

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);
}
