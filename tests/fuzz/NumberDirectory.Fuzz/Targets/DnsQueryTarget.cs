using NumberDirectory.Fuzz.Engine;
using NumberDirectory.Fuzz.Seeds;
using NumberDirectory.Server.EnumDns;

namespace NumberDirectory.Fuzz.Targets;

/// <summary>
/// The ENUM door's DNS query parser on raw datagrams: never throws and never loops (it follows no
/// compression pointer); a query it accepts has a question name of at most 255 octets, made of
/// labels of at most 63, in lower case, ending at the root.
/// </summary>
public sealed class DnsQueryTarget : IFuzzTarget
{
    private readonly byte[] _name = new byte[DnsWire.MaxNameLength];

    public string Name => "dns-query";

    public IReadOnlyList<byte[]> Seeds { get; } = DnsSeeds.Queries;

    public IReadOnlyList<byte[]> Tokens { get; } = DnsSeeds.Tokens;

    public int MaxInputLength => 1024;

    public string Run(ReadOnlySpan<byte> input)
    {
        var outcome = DnsQueryParser.Parse(input, _name, out var query);
        if (outcome == DnsParseOutcome.Query)
        {
            Check(query);
        }

        return outcome.ToString();
    }

    public void Dispose()
    {
    }

    private void Check(DnsQuery query)
    {
        if (query.NameLength is < 1 or > DnsWire.MaxNameLength)
        {
            throw new InvalidOperationException($"a question name of {query.NameLength} octets was accepted");
        }

        var position = 0;
        while (_name[position] != 0)
        {
            var label = _name[position];
            if (label > 63 || position + 1 + label >= query.NameLength)
            {
                throw new InvalidOperationException($"a label of {label} octets at {position} was accepted");
            }

            for (var i = position + 1; i <= position + label; i++)
            {
                if (_name[i] is >= (byte)'A' and <= (byte)'Z')
                {
                    throw new InvalidOperationException("the lowered question name holds an upper-case letter");
                }
            }

            position += 1 + label;
        }

        if (position + 1 != query.NameLength)
        {
            throw new InvalidOperationException($"the question name ends at {position + 1}, not at its length {query.NameLength}");
        }
    }
}
