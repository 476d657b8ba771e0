using System.Net;

namespace NumberDirectory.Server.Hosting;

/// <summary>An allow-list of client networks for a door.</summary>
internal sealed class ClientNetworks
{
    private static readonly IPNetwork[] Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    private readonly IPNetwork[] _networks;

    private ClientNetworks(IPNetwork[] networks) => _networks = networks;

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
