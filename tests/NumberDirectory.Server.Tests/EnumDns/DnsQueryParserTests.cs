using NumberDirectory.Server.EnumDns;

namespace NumberDirectory.Server.Tests.EnumDns;

public sealed class DnsQueryParserTests
{
    private readonly byte[] _lowered = new byte[255];

    /// <summary>A NAPTR query for <paramref name="name"/> as a resolver writes it (RD set).</summary>
    internal static byte[] Query(string name, ushort type = 35, ushort id = 0x1234, ushort flags = 0x0100, byte[]? additional = null, ushort additionalCount = 0)
    {
        var packet = new List<byte> { (byte)(id >> 8), (byte)id, (byte)(flags >> 8), (byte)flags, 0, 1, 0, 0, 0, 0, (byte)(additionalCount >> 8), (byte)additionalCount };
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            packet.Add((byte)label.Length);
            packet.AddRange(System.Text.Encoding.ASCII.GetBytes(label));
        }

        packet.AddRange([0, (byte)(type >> 8), (byte)type, 0, 1]);
        packet.AddRange(additional ?? []);
        return [.. packet];
    }

    internal static byte[] Opt(ushort payload = 1232, byte version = 0, bool dnssecOk = false) =>
        [0, 0, 41, (byte)(payload >> 8), (byte)payload, 0, version, (byte)(dnssecOk ? 0x80 : 0), 0, 0, 0];

    [Fact]
    public void Parse_AsterisksEnumLookupQuery_OneNaptrQuestionRdSetNoEdns()
    {
        var packet = EnumFixture.Load(EnumFixture.AsteriskQuery);

        Assert.Equal(DnsParseOutcome.Query, DnsQueryParser.Parse(packet, _lowered, out var query));

        Assert.Equal(0x3ea2, query.Id);
        Assert.True(query.RecursionDesired);
        Assert.Equal(35, query.Type);
        Assert.Equal(1, query.Class);
        Assert.Null(query.Edns);
        Assert.Equal(packet.AsSpan(12, query.NameLength).ToArray(), _lowered.AsSpan(0, query.NameLength).ToArray());
    }

    [Fact]
    public void Parse_MixedCaseName_LoweredCopyAndOriginalLeftInThePacket()
    {
        var packet = Query("1.0.E164.Example.NET");

        Assert.Equal(DnsParseOutcome.Query, DnsQueryParser.Parse(packet, _lowered, out var query));

        Assert.Equal(Query("1.0.e164.example.net").AsSpan(12, query.NameLength).ToArray(), _lowered.AsSpan(0, query.NameLength).ToArray());
        Assert.Equal((byte)'E', packet[17]);
    }

    [Theory]
    [InlineData(1232, 0, false)]
    [InlineData(4096, 0, true)]
    [InlineData(100, 1, false)]
    public void Parse_Opt_EdnsFields(int payload, int version, bool dnssecOk)
    {
        var packet = Query("1.e164.example.net", additional: Opt((ushort)payload, (byte)version, dnssecOk), additionalCount: 1);

        Assert.Equal(DnsParseOutcome.Query, DnsQueryParser.Parse(packet, _lowered, out var query));

        Assert.Equal(new DnsEdns((ushort)payload, (byte)version, dnssecOk), query.Edns);
    }

    public static TheoryData<string, byte[], DnsParseOutcome> Malformed()
    {
        var good = Query("1.0.0.4.e164.example.net");
        var data = new TheoryData<string, byte[], DnsParseOutcome>
        {
            { "empty", [], DnsParseOutcome.Dropped },
            { "shorter than a header", good[..11], DnsParseOutcome.Dropped },
            { "a response", With(good, 2, 0x81), DnsParseOutcome.Dropped },
            { "opcode NOTIFY", With(good, 2, 0x20), DnsParseOutcome.NotImplemented },
            { "opcode 15", With(good, 2, 0x78), DnsParseOutcome.NotImplemented },
            { "zero questions", With(good, 5, 0), DnsParseOutcome.FormatError },
            { "two questions", With(good, 5, 2), DnsParseOutcome.FormatError },
            { "header only", good[..12], DnsParseOutcome.FormatError },
            { "name cut short", good[..20], DnsParseOutcome.FormatError },
            { "no type and class", good[..(good.Length - 3)], DnsParseOutcome.FormatError },
            { "label over 63", With(good, 12, 64), DnsParseOutcome.FormatError },
            { "pointer in the question", [.. good[..12], 0xC0, 0x0C, 0, 35, 0, 1], DnsParseOutcome.FormatError },
            { "extended label type", With(good, 12, 0x41), DnsParseOutcome.FormatError },
            { "name over 255", Query(string.Join('.', Enumerable.Repeat(new string('a', 63), 4))), DnsParseOutcome.FormatError },
            { "additional count lies", With(good, 11, 1), DnsParseOutcome.FormatError },
            { "answer count lies", With(good, 7, 3), DnsParseOutcome.FormatError },
            { "two OPT records", Query("1.e164.example.net", additional: [.. Opt(), .. Opt()], additionalCount: 2), DnsParseOutcome.FormatError },
            { "OPT not at the root", Query("1.e164.example.net", additional: [1, (byte)'a', 0, 0, 41, 4, 0, 0, 0, 0, 0, 0, 0], additionalCount: 1), DnsParseOutcome.FormatError },
            { "OPT longer than the packet", Query("1.e164.example.net", additional: [0, 0, 41, 4, 0, 0, 0, 0, 0, 0, 9], additionalCount: 1), DnsParseOutcome.FormatError },
            { "record name pointing to itself", Query("1.e164.example.net", additional: [0xC0, 0x24, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0], additionalCount: 1), DnsParseOutcome.FormatError },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Parse_Malformed_TheOutcomeWithoutThrowing(string what, byte[] packet, DnsParseOutcome expected)
    {
        Assert.True(expected == DnsQueryParser.Parse(packet, _lowered, out _), what);
    }

    [Fact]
    public void Parse_RandomAndMutatedPackets_NeverThrows()
    {
        var random = new Random(6116);
        var seeds = new[] { EnumFixture.Load(EnumFixture.AsteriskQuery), Query("1.0.0.4.e164.example.net", additional: Opt(), additionalCount: 1) };
        for (var i = 0; i < 200_000; i++)
        {
            var packet = i % 4 == 0 ? new byte[random.Next(0, 80)] : [.. seeds[i % 2]];
            if (i % 4 == 0)
            {
                random.NextBytes(packet);
            }
            else
            {
                for (var flips = random.Next(1, 6); flips > 0 && packet.Length > 0; flips--)
                {
                    packet[random.Next(packet.Length)] = (byte)random.Next(256);
                }

                packet = packet[..random.Next(packet.Length + 1)];
            }

            var outcome = DnsQueryParser.Parse(packet, _lowered, out var query);
            if (outcome == DnsParseOutcome.Query)
            {
                Assert.InRange(query.NameLength, 1, 255);
                Assert.Equal(0, _lowered[query.NameLength - 1]);
            }
        }
    }

    private static byte[] With(byte[] packet, int offset, byte value)
    {
        var copy = (byte[])packet.Clone();
        copy[offset] = value;
        return copy;
    }
}
