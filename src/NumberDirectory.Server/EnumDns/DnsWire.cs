namespace NumberDirectory.Server.EnumDns;

/// <summary>Constants of the DNS wire format the door reads and writes.</summary>
/// <remarks>RFC 1035 §3.2 and §4.1.1; RFC 6891 §6.1.3; RFC 3403 §4 (NAPTR = 35).</remarks>
internal static class DnsWire
{
    public const int HeaderLength = 12;
    public const int MaxNameLength = 255;
    public const int MaxLabelLength = 63;

    /// <summary>The largest UDP answer without EDNS.</summary>
    public const int ClassicUdpSize = 512;

    /// <summary>Our own UDP payload size: what fits any path without fragmentation (DNS flag day 2020).</summary>
    public const ushort EdnsUdpSize = 1232;

    public const int TcpSize = 65535;

    public const ushort FlagQr = 0x8000;
    public const ushort FlagAa = 0x0400;
    public const ushort FlagTc = 0x0200;
    public const ushort FlagRd = 0x0100;
    public const ushort FlagCd = 0x0010;
    public const ushort OpcodeMask = 0x7800;

    public const ushort TypeNs = 2;
    public const ushort TypeSoa = 6;
    public const ushort TypeTxt = 16;
    public const ushort TypeNaptr = 35;
    public const ushort TypeOpt = 41;
    public const ushort TypeIxfr = 251;
    public const ushort TypeAxfr = 252;
    public const ushort TypeAny = 255;

    public const ushort ClassIn = 1;
    public const ushort ClassAny = 255;

    /// <summary>The DO bit in the OPT record's TTL field.</summary>
    public const uint EdnsDo = 0x8000;

    /// <summary>A name in wire form, lower case, the root label included (RFC 1035 §3.1); empty is the root.</summary>
    public static byte[] Name(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var wire = new List<byte>(name.Length + 2);
        if (name.Length > 0)
        {
            foreach (var label in name.Split('.'))
            {
                wire.Add((byte)label.Length);
                wire.AddRange(System.Text.Encoding.ASCII.GetBytes(label.ToLowerInvariant()));
            }
        }

        wire.Add(0);
        return [.. wire];
    }
}
