namespace NumberDirectory.Fuzz.Targets;

/// <summary>
/// Every fuzz target by name. A new target (the ENUM door's DNS query parser, say) is one class
/// implementing <see cref="Engine.IFuzzTarget"/> and one line here; the short run and the command
/// line pick it up from this list.
/// </summary>
public static class FuzzTargets
{
    private static readonly Dictionary<string, Func<Engine.IFuzzTarget>> Factories = new(StringComparer.Ordinal)
    {
        ["dundi-codec"] = () => new DundiCodecTarget(),
        ["dundi-encrypt-packet"] = () => new DundiCryptoTarget(DundiCryptoInput.Packet),
        ["dundi-encrypt-plaintext"] = () => new DundiCryptoTarget(DundiCryptoInput.Plaintext),
        ["dundi-encrypt-zlib"] = () => new DundiCryptoTarget(DundiCryptoInput.Zlib),
        ["dundi-endpoint"] = () => new DundiEndpointTarget(),
        ["dundi-node"] = () => new DundiNodeTarget(),
        ["number-pattern"] = () => new NumberPatternTarget(),
        ["route-template"] = () => new RouteTemplateTarget(),
        ["naptr-regexp"] = () => new NaptrRegexpTarget(),
        ["agi-header"] = () => new AgiHeaderTarget(),
        ["agi-session"] = () => new AgiSessionTarget(),
        ["http-query"] = () => new HttpQueryTarget(),
        ["http-lookup"] = () => new HttpLookupTarget(),
        ["dns-query"] = () => new DnsQueryTarget(),
        ["dns-transfer-request"] = () => new DnsTransferRequestTarget(),
    };

    /// <summary>The targets' names, in the order runs take them.</summary>
    public static IReadOnlyList<string> Names => [.. Factories.Keys];

    /// <summary>A fresh target; the caller disposes it.</summary>
    public static Engine.IFuzzTarget Create(string name) =>
        Factories.TryGetValue(name, out var create) ? create() : throw new ArgumentException($"no fuzz target '{name}'; the targets are {string.Join(", ", Names)}", nameof(name));
}
