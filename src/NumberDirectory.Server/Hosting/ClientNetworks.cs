using System.Net;

namespace NumberDirectory.Server.Hosting;

/// <summary>An allow-list of client networks for a door.</summary>
internal sealed class ClientNetworks
{
    private static readonly IPNetwork[] Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    private readonly IPNetwork[] _networks;
    private readonly (bool V6, byte[] Prefix, int Bits)[] _raw;

    private ClientNetworks(IPNetwork[] networks)
    {
        _networks = networks;
        _raw = [.. networks.Select(n => (n.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6, n.BaseAddress.GetAddressBytes(), n.PrefixLength))];
    }

    /// <summary>The configured networks, or loopback only when none are configured.</summary>
    public static ClientNetworks From(IEnumerable<string> cidrs)
    {
        var parsed = cidrs.Select(c => IPNetwork.Parse(c.Trim())).ToArray();
        return new ClientNetworks(parsed.Length == 0 ? Loopback : parsed);
    }

    public static string? Validate(string cidr) =>
        IPNetwork.TryParse(cidr?.Trim(), out _)
            ? null
            : $"'{cidr}' is not a network; write it in CIDR form like 192.0.2.0/24, 2001:db8::/32 or 127.0.0.1/32";

    /// <summary>
    /// The same test on a socket address as a receive call fills it, without making an <see cref="IPAddress"/>
    /// (the ENUM door asks it for every datagram). An IPv4 address mapped into IPv6 counts as IPv4.
    /// </summary>
    public bool Allows(SocketAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var buffer = address.Buffer.Span;
        ReadOnlySpan<byte> bytes;
        var v6 = false;
        switch (address.Family)
        {
            case System.Net.Sockets.AddressFamily.InterNetwork when address.Size >= 8:
                bytes = buffer.Slice(4, 4);
                break;
            case System.Net.Sockets.AddressFamily.InterNetworkV6 when address.Size >= 24:
                bytes = buffer.Slice(8, 16);
                if (bytes[..10].IndexOfAnyExcept((byte)0) < 0 && bytes[10] == 0xFF && bytes[11] == 0xFF)
                {
                    bytes = bytes[12..];
                }
                else
                {
                    v6 = true;
                }

                break;
            default:
                return false;
        }

        foreach (var (networkV6, prefix, bits) in _raw)
        {
            if (networkV6 == v6 && Covers(prefix, bits, bytes))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Covers(byte[] prefix, int bits, ReadOnlySpan<byte> address)
    {
        var whole = bits / 8;
        if (!address[..whole].SequenceEqual(prefix.AsSpan(0, whole)))
        {
            return false;
        }

        var rest = bits % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (address[whole] & mask) == (prefix[whole] & mask);
    }

    public bool Allows(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
