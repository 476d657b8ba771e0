using System.Buffers.Binary;
using System.Text;
using NumberDirectory.Core.EnumZones;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Server.EnumDns;

/// <summary>
/// Resource records of a zone transfer in wire form. Every owner is written as its labels below the
/// apex followed by a pointer to the question's name, which in a transfer is the apex itself.
/// </summary>
/// <remarks>RFC 1035 §3.2.1, §3.3.13 (SOA), §3.3.11 (NS), §3.3.14 (TXT), §4.1.4 (pointers); RFC 3403 §4.1 (NAPTR, replacement not compressed).</remarks>
internal static class ZoneRecordWire
{
    /// <summary>The pointer to the question name, at offset 12.</summary>
    private const ushort ApexPointer = 0xC000 | DnsWire.HeaderLength;

    public static byte[] Soa(EnumZone zone, uint serial)
    {
        var data = new List<byte>(64);
        data.AddRange(Tsig.Wire(zone.Soa.PrimaryName));
        data.AddRange(Tsig.Wire(zone.Soa.Mailbox));
        AddUInt32(data, serial);
        AddUInt32(data, zone.Soa.Refresh);
        AddUInt32(data, zone.Soa.Retry);
        AddUInt32(data, zone.Soa.Expire);
        AddUInt32(data, zone.Soa.Minimum);
        return Record(string.Empty, DnsWire.TypeSoa, zone.Ttl, [.. data]);
    }

    public static byte[] Ns(EnumZone zone, string server) => Record(string.Empty, DnsWire.TypeNs, zone.Ttl, Tsig.Wire(server));

    public static byte[] Naptr(string owner, uint ttl, NaptrRecordData naptr)
    {
        var data = new List<byte>(64);
        data.Add((byte)(naptr.Order >> 8));
        data.Add((byte)naptr.Order);
        data.Add((byte)(naptr.Preference >> 8));
        data.Add((byte)naptr.Preference);
        AddString(data, naptr.Flags);
        AddString(data, naptr.Services);
        AddString(data, naptr.Regexp);
        data.AddRange(Tsig.Wire(naptr.Replacement == "." ? string.Empty : naptr.Replacement));
        return Record(owner, DnsWire.TypeNaptr, ttl, [.. data]);
    }

    public static byte[] Txt(string owner, uint ttl, string text)
    {
        var data = new List<byte>();
        var octets = Encoding.UTF8.GetBytes(text);
        for (var at = 0; at < octets.Length || at == 0; at += 255)
        {
            var length = Math.Min(255, octets.Length - at);
            data.Add((byte)length);
            data.AddRange(octets.AsSpan(at, length).ToArray());
            if (octets.Length == 0)
            {
                break;
            }
        }

        return Record(owner, DnsWire.TypeTxt, ttl, [.. data]);
    }

    /// <summary>The records of one name: its NAPTR set, then its TXT string.</summary>
    public static IEnumerable<byte[]> Records(EnumZoneName name, uint ttl)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var naptr in name.Naptr)
        {
            yield return Naptr(name.Owner, ttl, naptr);
        }

        if (name.Text is { } text)
        {
            yield return Txt(name.Owner, ttl, text);
        }
    }

    private static byte[] Record(string owner, ushort type, uint ttl, byte[] data)
    {
        var record = new byte[OwnerLength(owner) + 10 + data.Length];
        var at = WriteOwner(record, owner);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(at), type);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(at + 2), DnsWire.ClassIn);
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(at + 4), ttl);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(at + 8), (ushort)data.Length);
        data.CopyTo(record, at + 10);
        return record;
    }

    private static int OwnerLength(string owner) => (owner.Length == 0 ? 0 : owner.Length + 1) + 2;

    private static int WriteOwner(byte[] record, string owner)
    {
        var at = 0;
        if (owner.Length > 0)
        {
            foreach (var label in owner.Split('.'))
            {
                record[at++] = (byte)label.Length;
                at += Encoding.ASCII.GetBytes(label, record.AsSpan(at));
            }
        }

        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(at), ApexPointer);
        return at + 2;
    }

    private static void AddString(List<byte> data, string text)
    {
        var octets = Encoding.UTF8.GetBytes(text);
        data.Add((byte)octets.Length);
        data.AddRange(octets);
    }

    private static void AddUInt32(List<byte> data, uint value)
    {
        data.Add((byte)(value >> 24));
        data.Add((byte)(value >> 16));
        data.Add((byte)(value >> 8));
        data.Add((byte)value);
    }
}
