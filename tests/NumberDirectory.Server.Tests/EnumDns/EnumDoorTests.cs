using System.Net;
using ARSoft.Tools.Net.Dns;
using DnsClient;
using DnsClient.Protocol;

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>Every response class of the ENUM door, as a resolver sees it (DnsClient over real UDP and TCP).</summary>
public sealed class EnumDoorTests(EnumNodeFixture fixture) : IClassFixture<EnumNodeFixture>
{
    private readonly IPEndPoint _door = fixture.Node.Enum;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Naptr_SipAndIax2Routes_EveryServiceTerminalNoCredentials(bool tcp)
    {
        var response = await EnumClient.For(_door, tcpOnly: tcp).QueryAsync("1.0.0.4.e164.example.net", QueryType.NAPTR);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.True(response.Header.HasAuthorityAnswer);
        Assert.True(response.Header.RecursionDesired);
        Assert.False(response.Header.RecursionAvailable);
        Assert.False(response.Header.ResultTruncated);
        Assert.Empty(response.Authorities);
        var records = response.Answers.NAPtrRecords().OrderBy(r => r.Preference).ThenBy(r => r.Services, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                (100, 10, "u", "E2U+pjsip", "!^.*$!sip:4001@pbx-b.example.net!"),
                (100, 10, "u", "E2U+sip", "!^.*$!sip:4001@pbx-b.example.net!"),
                (100, 20, "u", "E2U+iax", "!^.*$!iax:pbx-b.example.net/4001!"),
                (100, 20, "u", "E2U+iax2", "!^.*$!iax:pbx-b.example.net/4001!"),
            ],
            records.Select(r => (r.Order, r.Preference, r.Flags, r.Services, r.RegularExpression)));
        Assert.All(records, r => Assert.Equal(".", r.Replacement.Value));
        Assert.All(records, r => Assert.Equal(300, r.InitialTimeToLive));
        Assert.All(records, r => Assert.Equal("1.0.0.4.e164.example.net.", r.DomainName.Value));
    }

    [Fact]
    public async Task Naptr_H323AndTelRoutes_TheirServices()
    {
        var response = await EnumClient.For(_door).QueryAsync("5.0.1.0.5.5.5.1.e164.example.net", QueryType.NAPTR);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.Equal(
            [
                (5, "E2U+h323", "!^.*$!h323:15550105@gw.example.net!"),
                (50, "E2U+pstn:tel", "!^.*$!tel:+15550105!"),
                (50, "E2U+voice:tel", "!^.*$!tel:+15550105!"),
            ],
            response.Answers.NAPtrRecords().OrderBy(r => r.Preference).ThenBy(r => r.Services, StringComparer.Ordinal).Select(r => (r.Preference, r.Services, r.RegularExpression)));
    }

    [Fact]
    public async Task Naptr_RouteWithNaptrOverride_ItsServiceOrderAndPreference()
    {
        var response = await EnumClient.For(_door).QueryAsync("2.0.0.4.e164.example.net", QueryType.NAPTR);

        var record = Assert.Single(response.Answers.NAPtrRecords());
        Assert.Equal((10, 7, "E2U+sip", "!^.*$!sip:4002@pbx-c.example.net!"), (record.Order, record.Preference, record.Services, record.RegularExpression));
    }

    [Fact]
    public async Task Txt_RangeWithDisplayName_TheName()
    {
        var response = await EnumClient.For(_door).QueryAsync("1.0.0.4.e164.example.net", QueryType.TXT);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        var txt = Assert.Single(response.Answers.TxtRecords());
        Assert.Equal(["Alice Example"], txt.Text);
        Assert.Equal(300, txt.InitialTimeToLive);
    }

    [Theory]
    [InlineData("9.9.9.9.e164.example.net")]
    [InlineData("x.1.0.0.4.e164.example.net")]
    [InlineData("6.5.4.3.2.1.0.9.8.7.6.5.4.3.2.1.e164.example.net")]
    public async Task NameWithNothing_NxdomainWithTheSoaAndTheNegativeTtl(string name)
    {
        var response = await EnumClient.For(_door).QueryAsync(name, QueryType.NAPTR);

        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, response.Header.ResponseCode);
        Assert.True(response.Header.HasAuthorityAnswer);
        Assert.Empty(response.Answers);
        AssertNegativeSoa(response, "e164.example.net.");
    }

    [Theory]
    [InlineData("4.e164.example.net", QueryType.NAPTR)]
    [InlineData("0.0.4.e164.example.net", QueryType.NAPTR)]
    [InlineData("5.5.5.1.e164.example.net", QueryType.NAPTR)]
    [InlineData("1.0.0.4.e164.example.net", QueryType.A)]
    [InlineData("2.0.0.4.e164.example.net", QueryType.TXT)]
    [InlineData("e164.example.net", QueryType.NAPTR)]
    public async Task EmptyNonTerminalOrOtherType_NodataWithTheSoa(string name, QueryType type)
    {
        var response = await EnumClient.For(_door).QueryAsync(name, type);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.True(response.Header.HasAuthorityAnswer);
        Assert.Empty(response.Answers);
        AssertNegativeSoa(response, "e164.example.net.");
    }

    [Theory]
    [InlineData("example.org")]
    [InlineData("1.0.0.4.e164.example.org")]
    [InlineData("xe164.example.net")]
    public async Task OutsideTheZones_RefusedNotAuthoritative(string name)
    {
        var response = await EnumClient.For(_door).QueryAsync(name, QueryType.NAPTR);

        Assert.Equal(DnsHeaderResponseCode.Refused, response.Header.ResponseCode);
        Assert.False(response.Header.HasAuthorityAnswer);
        Assert.Empty(response.Answers);
        Assert.Empty(response.Authorities);
    }

    [Fact]
    public async Task Apex_SoaAndNs()
    {
        var client = EnumClient.For(_door);

        var soa = Assert.Single((await client.QueryAsync("e164.example.net", QueryType.SOA)).Answers.SoaRecords());
        var ns = Assert.Single((await client.QueryAsync("e164.example.net", QueryType.NS)).Answers.NsRecords());

        Assert.Equal(("ns.e164.example.net.", "hostmaster.e164.example.net.", 3600u, 600u, 86400u, 30u, 300), (soa.MName.Value, soa.RName.Value, soa.Refresh, soa.Retry, soa.Expire, soa.Minimum, soa.InitialTimeToLive));
        Assert.Equal("ns.e164.example.net.", ns.NSDName.Value);
    }

    [Theory]
    [InlineData("e164.example.net", ResourceRecordType.SOA)]
    [InlineData("1.0.0.4.e164.example.net", ResourceRecordType.NAPTR)]
    public async Task Any_OneRRsetOnly(string name, ResourceRecordType type)
    {
        var response = await EnumClient.For(_door).QueryAsync(name, QueryType.ANY);

        Assert.NotEmpty(response.Answers);
        Assert.All(response.Answers, r => Assert.Equal(type, r.RecordType));
    }

    [Fact]
    public async Task MixedCaseQuestion_EchoedAsAsked()
    {
        var response = await EnumClient.For(_door).QueryAsync("1.0.0.4.E164.eXaMpLe.NeT", QueryType.NAPTR);

        Assert.Equal("1.0.0.4.E164.eXaMpLe.NeT.", response.Questions[0].QueryName.Value);
        Assert.All(response.Answers, r => Assert.Equal("1.0.0.4.E164.eXaMpLe.NeT.", r.DomainName.Value));

        // And once more, now from the kept answer, in another case.
        var again = await EnumClient.For(_door).QueryAsync("1.0.0.4.e164.EXAMPLE.net", QueryType.NAPTR);
        Assert.Equal("1.0.0.4.e164.EXAMPLE.net.", again.Questions[0].QueryName.Value);
        Assert.Equal(4, again.Answers.Count);
    }

    [Fact]
    public async Task TooLargeForUdp_TruncatedThenTheSameRecordsOverTcp()
    {
        var udp = await EnumClient.UdpAsync(_door, DnsQueryParserTests.Query("3.0.0.4.e164.example.net", id: 10, additional: DnsQueryParserTests.Opt(), additionalCount: 1));
        var retried = await EnumClient.For(_door, tcpFallback: true).QueryAsync("3.0.0.4.e164.example.net", QueryType.NAPTR);
        var tcp = await EnumClient.For(_door, tcpOnly: true).QueryAsync("3.0.0.4.e164.example.net", QueryType.NAPTR);

        var truncated = DnsMessage.Parse(udp);
        Assert.True(truncated.IsTruncated);
        Assert.True(truncated.IsAuthoritiveAnswer);
        Assert.Empty(truncated.AnswerRecords);
        Assert.True(udp.Length <= 1232);
        Assert.Equal(32, tcp.Answers.Count);
        Assert.Equal(Describe(tcp), Describe(retried));
    }

    [Fact]
    public async Task PipelinedTcpQueries_EachAnsweredOnTheConnection()
    {
        var answers = await EnumClient.TcpAsync(
            _door,
            DnsQueryParserTests.Query("1.0.0.4.e164.example.net", id: 1),
            DnsQueryParserTests.Query("9.9.9.9.e164.example.net", id: 2),
            DnsQueryParserTests.Query("e164.example.net", type: 6, id: 3));

        var messages = answers.Select(a => DnsMessage.Parse(a)).ToList();
        Assert.Equal([1, 2, 3], messages.Select(m => (int)m.TransactionID));
        Assert.Equal([ReturnCode.NoError, ReturnCode.NxDomain, ReturnCode.NoError], messages.Select(m => m.ReturnCode));
        Assert.Equal(4, messages[0].AnswerRecords.Count);
    }

    [Fact]
    public async Task AsteriskEnumLookupQuery_AnsweredAsItAcceptsAnswers()
    {
        var query = EnumFixture.Load(EnumFixture.AsteriskQuery);

        var bytes = await EnumClient.UdpAsync(_door, query);

        // QR, AA, RD echoed, RA clear (0x8500, as the reference server answered); no OPT, none was asked.
        Assert.Equal([0x3e, 0xa2, 0x85, 0x00], bytes[..4]);
        var message = DnsMessage.Parse(bytes);
        Assert.Null(message.EDnsOptions);
        Assert.Equal(query.AsSpan(12, query.Length - 12).ToArray(), bytes.AsSpan(12, query.Length - 12).ToArray());
        var records = message.AnswerRecords.Cast<NaptrRecord>().ToList();

        // Asterisk's rules: one record it cannot use empties the whole lookup, so every one is terminal,
        // '!'-delimited without flags, replacement '.'; ENUMLOOKUP(+4001,sip) takes the E2U+sip record
        // of the lowest order and preference and strips the scheme.
        Assert.All(records, r => Assert.Equal("u", r.Flags));
        Assert.All(records, r => Assert.Matches("^!\\^\\.\\*\\$![^!]+!$", r.RegExp));
        Assert.All(records, r => Assert.Equal(".", r.Replacement.ToString()));
        var sip = records.Where(r => r.Services == "E2U+sip").OrderBy(r => r.Order).ThenBy(r => r.Preference).First();
        Assert.Equal("4001@pbx-b.example.net", sip.RegExp.Split('!')[2]["sip:".Length..]);
        Assert.Contains(records, r => r.Services == "E2U+pjsip");
    }

    [Fact]
    public async Task Edns_OptOnlyWhenAskedWithOurPayloadAndDoCopied()
    {
        var plain = DnsMessage.Parse(await EnumClient.UdpAsync(_door, DnsQueryParserTests.Query("1.0.0.4.e164.example.net", id: 11)));
        var edns = DnsMessage.Parse(await EnumClient.UdpAsync(_door, DnsQueryParserTests.Query("1.0.0.4.e164.example.net", id: 12, additional: DnsQueryParserTests.Opt(4096, dnssecOk: true), additionalCount: 1)));

        Assert.Null(plain.EDnsOptions);
        Assert.Equal(1232, edns.EDnsOptions!.UdpPayloadSize);
        Assert.True(edns.EDnsOptions.IsDnsSecOk);
        Assert.Equal(4, edns.AnswerRecords.Count);
    }

    [Fact]
    public async Task Edns_UnknownVersion_Badvers()
    {
        var bytes = await EnumClient.UdpAsync(_door, DnsQueryParserTests.Query("1.0.0.4.e164.example.net", id: 13, additional: DnsQueryParserTests.Opt(version: 1), additionalCount: 1));

        var message = DnsMessage.Parse(bytes);
        Assert.Equal(ReturnCode.BadVersion, message.ReturnCode);
        Assert.Empty(message.AnswerRecords);
        Assert.Equal(0, message.EDnsOptions!.Version);
    }

    [Fact]
    public async Task Edns_PayloadUnder512_CountsAs512()
    {
        var small = DnsMessage.Parse(await EnumClient.UdpAsync(_door, DnsQueryParserTests.Query("1.0.0.4.e164.example.net", id: 14, additional: DnsQueryParserTests.Opt(100), additionalCount: 1)));
        var large = await EnumClient.UdpAsync(_door, DnsQueryParserTests.Query("3.0.0.4.e164.example.net", id: 15, additional: DnsQueryParserTests.Opt(100), additionalCount: 1));

        Assert.False(small.IsTruncated);
        Assert.Equal(4, small.AnswerRecords.Count);
        Assert.True(DnsMessage.Parse(large).IsTruncated);
        Assert.True(large.Length <= 512);
    }

    [Fact]
    public async Task UnknownOpcode_Notimp()
    {
        var query = DnsQueryParserTests.Query("1.0.0.4.e164.example.net", id: 16, flags: 0x1100);

        var bytes = await EnumClient.UdpAsync(_door, query);

        Assert.Equal(0x91, bytes[2]);
        Assert.Equal((int)NumberDirectory.Server.EnumDns.DnsResponseCode.NotImplemented, bytes[3] & 0xF);
    }

    [Fact]
    public async Task LocalZone_OwnRangesAnswered()
    {
        var response = await EnumClient.For(_door).QueryAsync("1.0.0.4.e164.arpa", QueryType.NAPTR);

        Assert.Equal(4, response.Answers.Count);
        AssertNegativeSoa(await EnumClient.For(_door).QueryAsync("9.9.9.4.e164.arpa", QueryType.NAPTR), "e164.arpa.");
    }

    private static void AssertNegativeSoa(IDnsQueryResponse response, string apex)
    {
        var soa = Assert.Single(response.Authorities.SoaRecords());
        Assert.Equal(apex, soa.DomainName.Value);
        Assert.Equal(30, soa.InitialTimeToLive);
        Assert.Equal(30u, soa.Minimum);
    }

    private static List<string> Describe(IDnsQueryResponse response) =>
        [.. response.Answers.NAPtrRecords().Select(r => $"{r.Order} {r.Preference} {r.Flags} {r.Services} {r.RegularExpression} {r.InitialTimeToLive}").Order(StringComparer.Ordinal)];
}
