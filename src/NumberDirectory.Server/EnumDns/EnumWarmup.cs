using System.Text;
using NumberDirectory.Core.EnumZones;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Server.EnumDns;

/// <summary>
/// The ENUM door's part of the start-up warm-up: a query for a number parsed, its answer rendered and
/// encoded, then kept and served from a throwaway answer cache, so the first real query compiles
/// nothing. Nothing is sent and the door's own cache is not touched.
/// </summary>
/// <remarks>docs/architecture.md §Start-up.</remarks>
internal static class EnumWarmup
{
    public static void Render(EnumResponder responder, TimeProvider time, string context, DialNumber number, LookupResult result)
    {
        var cache = new EnumAnswerCache(time);
        var lowered = new byte[DnsWire.MaxNameLength];
        var key = new char[4 + DnsWire.MaxNameLength];
        var response = new byte[DnsWire.TcpSize];
        foreach (var zone in responder.Zones.Zones.Where(z => z.Context == context))
        {
            if (!EnumDomain.TryGetName(number, zone.Suffix, out var name))
            {
                continue;
            }

            var packet = Query(name);
            if (DnsQueryParser.Parse(packet, lowered, out var query) != DnsParseOutcome.Query
                || responder.Immediate(query, lowered, EnumTransport.Udp, out var match) is not null)
            {
                continue;
            }

            var reply = responder.Render(query, match, result);
            var bytes = DnsMessageWriter.Write(packet, lowered, query, reply.Answer, DnsWire.ClassicUdpSize);
            var length = EnumAnswerCache.Key(query, lowered, DnsWire.ClassicUdpSize, key);
            cache.Store(key.AsSpan(0, length), bytes, TimeSpan.FromSeconds(1), cache.Generation);
            cache.TryAnswer(key.AsSpan(0, length), packet, query, response, out _);
        }
    }

    private static byte[] Query(string name)
    {
        var packet = new List<byte> { 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var label in name.Split('.'))
        {
            packet.Add((byte)label.Length);
            packet.AddRange(Encoding.ASCII.GetBytes(label));
        }

        packet.AddRange([0, 0, (byte)DnsWire.TypeNaptr, 0, (byte)DnsWire.ClassIn]);
        return [.. packet];
    }
}
