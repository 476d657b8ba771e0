using ARSoft.Tools.Net.Dns;
using NumberDirectory.Server.EnumDns;

namespace NumberDirectory.Server.Tests.EnumDns;

public sealed class DnsMessageWriterTests
{
    private readonly byte[] _lowered = new byte[255];

    [Fact]
    public void Write_RecordsOfTheReferenceAnswer_TheBytesKnotSentAsterisk()
    {
        var query = EnumFixture.Load(EnumFixture.AsteriskQuery);
        var knot = EnumFixture.Load(EnumFixture.KnotResponse);
        var reference = DnsMessage.Parse(knot);
        Assert.Equal(DnsParseOutcome.Query, DnsQueryParser.Parse(query, _lowered, out var parsed));

        var written = DnsMessageWriter.Write(query, _lowered, parsed, new DnsAnswer(DnsResponseCode.NoError, true, reference.AnswerRecords, []), 512);

        Assert.Equal(Convert.ToHexString(knot), Convert.ToHexString(written));
    }

    [Fact]
    public void Write_TooLargeForTheLimit_HeaderAndQuestionWithTc()
    {
        var query = DnsQueryParserTests.Query("1.0.0.4.e164.example.net", additional: DnsQueryParserTests.Opt(600), additionalCount: 1);
        Assert.Equal(DnsParseOutcome.Query, DnsQueryParser.Parse(query, _lowered, out var parsed));
        var owner = EnumZoneSet.Name("1.0.0.4.e164.example.net");
        var records = Enumerable.Range(0, 20).Select(i => (DnsRecordBase)new NaptrRecord(owner, 60, 100, (ushort)i, "u", "E2U+sip", $"!^.*$!sip:{i}@pbx-b.example.net!", EnumZoneSet.Name(string.Empty))).ToList();

        var written = DnsMessage.Parse(DnsMessageWriter.Write(query, _lowered, parsed, new DnsAnswer(DnsResponseCode.NoError, true, records, []), 600));
        var full = DnsMessage.Parse(DnsMessageWriter.Write(query, _lowered, parsed, new DnsAnswer(DnsResponseCode.NoError, true, records, []), 65535));

        Assert.True(written.IsTruncated);
        Assert.Empty(written.AnswerRecords);
        Assert.NotNull(written.EDnsOptions);
        Assert.Equal(20, full.AnswerRecords.Count);
        Assert.False(full.IsTruncated);
    }

    [Fact]
    public void Write_NegativeAnswer_SoaOwnerPointsIntoTheQuestionKeepingItsCase()
    {
        var query = DnsQueryParserTests.Query("9.9.E164.Example.net");
        Assert.Equal(DnsParseOutcome.Query, DnsQueryParser.Parse(query, _lowered, out var parsed));
        var soa = new SoaRecord(EnumZoneSet.Name("e164.example.net"), 30, EnumZoneSet.Name("ns.e164.example.net"), EnumZoneSet.Name("hostmaster.e164.example.net"), 7, 3600, 600, 86400, 30);

        var bytes = DnsMessageWriter.Write(query, _lowered, parsed, new DnsAnswer(DnsResponseCode.NameError, true, [], [soa]), 512);
        var message = DnsMessage.Parse(bytes);

        Assert.Equal(ReturnCode.NxDomain, message.ReturnCode);
        Assert.True(message.IsAuthoritiveAnswer);
        Assert.True(message.IsRecursionDesired);
        Assert.False(message.IsRecursionAllowed);
        var authority = Assert.IsType<SoaRecord>(Assert.Single(message.AuthorityRecords));
        Assert.Equal(7u, authority.SerialNumber);
        Assert.Equal("E164.Example.net.", authority.Name.ToString());
        Assert.Equal("9.9.E164.Example.net.", message.Questions[0].Name.ToString());
    }

    [Fact]
    public void Write_BadVersion_ExtendedCodeInTheOpt()
    {
        var query = DnsQueryParserTests.Query("1.e164.example.net", additional: DnsQueryParserTests.Opt(version: 1, dnssecOk: true), additionalCount: 1);
        Assert.Equal(DnsParseOutcome.Query, DnsQueryParser.Parse(query, _lowered, out var parsed));

        var message = DnsMessage.Parse(DnsMessageWriter.Write(query, _lowered, parsed, DnsAnswer.Bare(DnsResponseCode.BadVersion), 512));

        Assert.Equal(ReturnCode.BadVersion, message.ReturnCode);
        Assert.Equal(1232, message.EDnsOptions!.UdpPayloadSize);
        Assert.Equal(0, message.EDnsOptions.Version);
        Assert.True(message.EDnsOptions.IsDnsSecOk);
    }

    [Fact]
    public void WriteHeaderOnly_EchoesIdOpcodeAndRd()
    {
        var query = new DnsQuery(0xBEEF, 0x2100, 0, 0, 0, null);

        var bytes = DnsMessageWriter.WriteHeaderOnly(query, DnsResponseCode.NotImplemented);

        Assert.Equal("BEEFA1040000000000000000", Convert.ToHexString(bytes));
    }
}
