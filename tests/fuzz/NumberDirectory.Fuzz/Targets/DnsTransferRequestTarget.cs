using System.Buffers.Binary;
using NumberDirectory.Fuzz.Engine;
using NumberDirectory.Fuzz.Seeds;
using NumberDirectory.Server.EnumDns;

namespace NumberDirectory.Fuzz.Targets;

/// <summary>
/// What the ENUM door reads of a zone transfer request past the question: the IXFR client's SOA in
/// the authority section and a TSIG record, which it then checks against a key. Never throws, never
/// loops (pointers only backwards, at most 16); a TSIG it accepts starts inside the packet, and its
/// check ends in one of the three TSIG errors or in success.
/// </summary>
public sealed class DnsTransferRequestTarget : IFuzzTarget
{
    private static readonly TsigKey Key = new("xfr-key", Convert.FromBase64String("c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I="));
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private readonly byte[] _name = new byte[DnsWire.MaxNameLength];

    public string Name => "dns-transfer-request";

    public IReadOnlyList<byte[]> Seeds { get; } =
    [
        DnsSeeds.Query("e164.example.net", 252, edns: false),
        Ixfr(1_799_999_000),
        Signed(DnsSeeds.Query("e164.example.net", 252, edns: false)),
        Signed(Ixfr(7)),
    ];

    public IReadOnlyList<byte[]> Tokens { get; } = [.. DnsSeeds.Tokens, [0x00, 0xFA, 0x00, 0xFF], [0x00, 0x06, 0x00, 0x01], [0x0B, 0x68, 0x6D, 0x61, 0x63]];

    public int MaxInputLength => 1024;

    public string Run(ReadOnlySpan<byte> input)
    {
        if (DnsQueryParser.Parse(input, _name, out _) != DnsParseOutcome.Query)
        {
            return "not-a-query";
        }

        if (!TransferRequest.TryRead(input, out var request))
        {
            return "formerr";
        }

        if (request.Tsig is not { } tsig)
        {
            return request.ClientSerial is null ? "unsigned" : "unsigned-ixfr";
        }

        if (tsig.Start <= DnsWire.HeaderLength || tsig.Start >= input.Length)
        {
            throw new InvalidOperationException($"a TSIG record starting at {tsig.Start} of {input.Length} octets was accepted");
        }

        var error = Tsig.Verify(input, tsig, Key, Now);
        return error switch
        {
            0 => "verified",
            Tsig.BadKey => "badkey",
            Tsig.BadSig => "badsig",
            Tsig.BadTime => "badtime",
            _ => throw new InvalidOperationException($"TSIG error {error} is none of BADKEY, BADSIG, BADTIME"),
        };
    }

    public void Dispose()
    {
    }

    private static byte[] Ixfr(uint serial)
    {
        var query = DnsSeeds.Query("e164.example.net", 251, edns: false).ToList();
        query[9] = 1;
        query.AddRange([0xC0, 12, 0, 6, 0, 1, 0, 0, 0, 0, 0, 22, 0, 0]);
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, serial);
        query.AddRange(bytes);
        query.AddRange(new byte[16]);
        return [.. query];
    }

    private static byte[] Signed(byte[] query)
    {
        var message = query.ToList();
        Tsig.Sign(message, Key, null, timersOnly: false, Now);
        return [.. message];
    }
}
