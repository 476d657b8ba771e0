using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using NumberDirectory.Core.EnumZones;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Server.EnumDns;

namespace NumberDirectory.Server.Hosting;

/// <summary>Stops startup on a bad <c>Enum</c> section; turns a valid one into the zones the door serves.</summary>
internal sealed class EnumOptionsValidator : IValidateOptions<EnumOptions>
{
    /// <summary>The zone served when none is configured.</summary>
    public const string DefaultSuffix = "e164.example.net";

    public ValidateOptionsResult Validate(string? name, EnumOptions options)
    {
        var errors = new List<string>();
        if (!ListenEndpoint.TryParse(options.Listen, out _, out var error))
        {
            errors.Add($"Enum:Listen: {error}");
        }

        for (var i = 0; i < options.AllowedClients.Count; i++)
        {
            if (ClientNetworks.Validate(options.AllowedClients[i]) is { } bad)
            {
                errors.Add($"Enum:AllowedClients:{i}: {bad}");
            }
        }

        if (options.TimeoutMs is < 10 or > 5000)
        {
            errors.Add($"Enum:TimeoutMs: {options.TimeoutMs} is out of range; use 10..5000 (800, the default, answers before a resolver retries)");
        }

        if (options.MaxTcpConnections is < 1 or > 65_536)
        {
            errors.Add($"Enum:MaxTcpConnections: {options.MaxTcpConnections} is out of range; use 1..65536 (256 is the default)");
        }

        if (options.TcpIdleTimeoutMs is < 100 or > 300_000)
        {
            errors.Add($"Enum:TcpIdleTimeoutMs: {options.TcpIdleTimeoutMs} is out of range; use 100..300000 (10000 is the default)");
        }

        ValidateRateLimit(options.RateLimit, errors);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.TsigKeys.Count; i++)
        {
            ValidateKey($"Enum:TsigKeys:{i}", options.TsigKeys[i], keys, errors);
        }

        var suffixes = new List<(int Index, string Suffix)>();
        for (var i = 0; i < options.Zones.Count; i++)
        {
            ValidateZone($"Enum:Zones:{i}", options.Zones[i], errors);
            ValidateTransfer($"Enum:Zones:{i}", options.Zones[i], keys, errors);
            if (EnumDomain.NameProblem(options.Zones[i].Suffix) is null)
            {
                suffixes.Add((i, EnumDomain.Normalize(options.Zones[i].Suffix)));
            }
        }

        foreach (var (index, suffix) in suffixes)
        {
            foreach (var (other, otherSuffix) in suffixes.Where(s => s.Index < index))
            {
                if (suffix == otherSuffix)
                {
                    errors.Add($"Enum:Zones:{index}:Suffix: '{suffix}' is already served by Enum:Zones:{other}; serve each suffix once");
                }
                else if (suffix.EndsWith("." + otherSuffix, StringComparison.Ordinal) || otherSuffix.EndsWith("." + suffix, StringComparison.Ordinal))
                {
                    errors.Add($"Enum:Zones:{index}:Suffix: '{suffix}' and '{otherSuffix}' (Enum:Zones:{other}) are nested; a name would belong to both zones: use suffixes apart from each other");
                }
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The zones of a valid section: the configured ones, or the default zone when none is.</summary>
    public static ImmutableArray<EnumZone> Zones(EnumOptions options, LookupOptions lookup)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(lookup);
        var zones = options.Zones.Count > 0 ? options.Zones : [new EnumZoneOptions { Suffix = DefaultSuffix, Context = LookupContexts.Default }];
        return [.. zones.Select(z => Zone(z, lookup))];
    }

    private static EnumZone Zone(EnumZoneOptions zone, LookupOptions lookup)
    {
        var suffix = EnumDomain.Normalize(zone.Suffix);
        var primary = string.IsNullOrWhiteSpace(zone.Soa.PrimaryName) ? "ns." + suffix : EnumDomain.Normalize(zone.Soa.PrimaryName);
        var mailbox = string.IsNullOrWhiteSpace(zone.Soa.Mailbox) ? "hostmaster." + suffix : Mailbox(zone.Soa.Mailbox);
        var soa = new EnumSoa(primary, mailbox, (uint)zone.Soa.Refresh, (uint)zone.Soa.Retry, (uint)zone.Soa.Expire, (uint)(zone.Soa.Minimum ?? lookup.NegativeTtlSeconds));
        var servers = zone.NameServers.Count > 0 ? [.. zone.NameServers.Select(EnumDomain.Normalize)] : ImmutableArray.Create(primary);
        var answers = Enum.Parse<EnumAnswers>(zone.Answers, ignoreCase: true);
        return new EnumZone(suffix, zone.Context.Trim(), answers, (uint)zone.Ttl, soa, servers);
    }

    /// <summary>How each <c>Local</c> zone of a valid section is transferred, by suffix.</summary>
    public static ImmutableDictionary<string, EnumTransferPolicy> Transfers(EnumOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = Keys(options);
        var policies = ImmutableDictionary.CreateBuilder<string, EnumTransferPolicy>(StringComparer.Ordinal);
        var zones = options.Zones.Count > 0 ? options.Zones : [new EnumZoneOptions { Suffix = DefaultSuffix, Context = LookupContexts.Default }];
        foreach (var zone in zones)
        {
            var allowed = ClientNetworks.From(zone.Transfer.AllowedClients);
            var key = string.IsNullOrWhiteSpace(zone.Transfer.TsigKey) ? null : keys[EnumDomain.Normalize(zone.Transfer.TsigKey)];
            policies[EnumDomain.Normalize(zone.Suffix)] = new EnumTransferPolicy(allowed, key, [.. zone.Notify.Select(n => NotifyTarget(n)!)], zone.MaxTransferNames);
        }

        return policies.ToImmutable();
    }

    /// <summary>All configured TSIG keys, by normalized name.</summary>
    public static ImmutableDictionary<string, TsigKey> Keys(EnumOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.TsigKeys.ToImmutableDictionary(k => EnumDomain.Normalize(k.Name), k => new TsigKey(EnumDomain.Normalize(k.Name), Convert.FromBase64String(k.Secret.Trim())), StringComparer.Ordinal);
    }

    /// <summary>A secondary to notify, <c>address[:port]</c> (53 by default), or null when it is not one.</summary>
    public static System.Net.IPEndPoint? NotifyTarget(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        if (System.Net.IPAddress.TryParse(trimmed, out var address))
        {
            return new System.Net.IPEndPoint(address, 53);
        }

        return System.Net.IPEndPoint.TryParse(trimmed, out var endpoint) && endpoint.Port != 0 ? endpoint : null;
    }

    private static void ValidateRateLimit(EnumRateLimitOptions limit, List<string> errors)
    {
        const string key = "Enum:RateLimit";
        if (limit.ResponsesPerSecond is < 0 or > 1_000_000)
        {
            errors.Add($"{key}:ResponsesPerSecond: {limit.ResponsesPerSecond} is out of range; use 0 (off) to 1000000 (100 is the default)");
        }

        if (limit.Slip is < 0 or > 10)
        {
            errors.Add($"{key}:Slip: {limit.Slip} is out of range; use 0 (drop every response over the limit) to 10 (2, the default, truncates every second one)");
        }

        if (limit.Ipv4PrefixLength is < 8 or > 32)
        {
            errors.Add($"{key}:Ipv4PrefixLength: {limit.Ipv4PrefixLength} is out of range; use 8..32 (24 is the default)");
        }

        if (limit.Ipv6PrefixLength is < 16 or > 128)
        {
            errors.Add($"{key}:Ipv6PrefixLength: {limit.Ipv6PrefixLength} is out of range; use 16..128 (56 is the default)");
        }

        if (limit.TableSize is < 64 or > 4_194_304)
        {
            errors.Add($"{key}:TableSize: {limit.TableSize} is out of range; use 64..4194304 (65536 is the default)");
        }

        for (var i = 0; i < limit.TrustedNetworks.Count; i++)
        {
            if (ClientNetworks.Validate(limit.TrustedNetworks[i]) is { } bad)
            {
                errors.Add($"{key}:TrustedNetworks:{i}: {bad}");
            }
        }
    }

    private static void ValidateKey(string key, EnumTsigKeyOptions options, HashSet<string> names, List<string> errors)
    {
        if (EnumDomain.NameProblem(options.Name) is { } problem)
        {
            errors.Add($"{key}:Name: {problem.Replace("e164.example.net", "xfr-key", StringComparison.Ordinal)}");
        }
        else if (!names.Add(EnumDomain.Normalize(options.Name)))
        {
            errors.Add($"{key}:Name: '{options.Name}' is defined twice; give each key its own name");
        }

        if (!string.Equals(options.Algorithm?.Trim(), "hmac-sha256", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{key}:Algorithm: '{options.Algorithm}' is not supported; use hmac-sha256");
        }

        byte[]? secret = null;
        try
        {
            secret = Convert.FromBase64String(options.Secret?.Trim() ?? string.Empty);
        }
        catch (FormatException)
        {
        }

        if (secret is null || secret.Length < 16)
        {
            errors.Add($"{key}:Secret: is not a base64 secret of at least 16 bytes; make one with 'keymgr -t <name> hmac-sha256' or 'openssl rand -base64 32'");
        }
    }

    private static void ValidateTransfer(string key, EnumZoneOptions zone, HashSet<string> keys, List<string> errors)
    {
        if (zone.MaxTransferNames is < 1 or > 100_000_000)
        {
            errors.Add($"{key}:MaxTransferNames: {zone.MaxTransferNames} is out of range; use 1..100000000 (1000000 is the default)");
        }

        for (var i = 0; i < zone.Transfer.AllowedClients.Count; i++)
        {
            if (ClientNetworks.Validate(zone.Transfer.AllowedClients[i]) is { } bad)
            {
                errors.Add($"{key}:Transfer:AllowedClients:{i}: {bad}");
            }
        }

        if (!string.IsNullOrWhiteSpace(zone.Transfer.TsigKey) && !keys.Contains(EnumDomain.Normalize(zone.Transfer.TsigKey)))
        {
            errors.Add($"{key}:Transfer:TsigKey: '{zone.Transfer.TsigKey}' is not a key of Enum:TsigKeys; define it there (Name, Algorithm hmac-sha256, Secret)");
        }

        for (var i = 0; i < zone.Notify.Count; i++)
        {
            if (NotifyTarget(zone.Notify[i]) is null)
            {
                errors.Add($"{key}:Notify:{i}: '{zone.Notify[i]}' is not an address; write the secondary as 192.0.2.53 or 192.0.2.53:5353 ([2001:db8::53]:53 for IPv6)");
            }
        }

        var local = Enum.TryParse<EnumAnswers>(zone.Answers, ignoreCase: true, out var answers) && answers == EnumAnswers.Local;
        if (!local && (zone.Notify.Count > 0 || zone.Transfer.AllowedClients.Count > 0 || !string.IsNullOrWhiteSpace(zone.Transfer.TsigKey)))
        {
            errors.Add($"{key}: Notify and Transfer apply to zones with Answers Local only (a Directory zone answers from the mesh and is never transferred); set {key}:Answers to Local or remove them");
        }
    }

    // RNAME is a domain name whose first label is the mailbox's local part (RFC 1035 §3.3.13).
    private static string Mailbox(string mailbox) => EnumDomain.Normalize(mailbox.Replace('@', '.'));

    private static void ValidateZone(string key, EnumZoneOptions zone, List<string> errors)
    {
        if (EnumDomain.NameProblem(zone.Suffix) is { } suffixProblem)
        {
            errors.Add($"{key}:Suffix: {suffixProblem}");
        }

        if (!LookupContexts.IsValid(zone.Context?.Trim()))
        {
            errors.Add($"{key}:Context: '{zone.Context}' is not a context name; use 1-{LookupContexts.MaxLength} letters, digits, '-', '_' or '.' (e.g. e164)");
        }

        if (!Enum.TryParse<EnumAnswers>(zone.Answers, ignoreCase: true, out _) || int.TryParse(zone.Answers, out _))
        {
            errors.Add($"{key}:Answers: '{zone.Answers}' is not a kind of zone; use Directory (ranges, cache and peers) or Local (this node's ranges only)");
        }

        if (zone.Ttl is < 1 or > 86_400)
        {
            errors.Add($"{key}:Ttl: {zone.Ttl} is out of range; use 1..86400 seconds (300 is the default)");
        }

        if (!string.IsNullOrWhiteSpace(zone.Soa.PrimaryName) && EnumDomain.NameProblem(zone.Soa.PrimaryName) is { } primaryProblem)
        {
            errors.Add($"{key}:Soa:PrimaryName: {primaryProblem}");
        }

        if (!string.IsNullOrWhiteSpace(zone.Soa.Mailbox)
            && (zone.Soa.Mailbox.Count(c => c == '@') > 1 || EnumDomain.NameProblem(zone.Soa.Mailbox.Replace('@', '.')) is not null))
        {
            errors.Add($"{key}:Soa:Mailbox: '{zone.Soa.Mailbox}' is not a mailbox; write it like hostmaster@example.net");
        }

        foreach (var (field, value) in new (string, int)[] { ("Refresh", zone.Soa.Refresh), ("Retry", zone.Soa.Retry), ("Expire", zone.Soa.Expire) })
        {
            if (value is < 1 or > 2_147_483_647)
            {
                errors.Add($"{key}:Soa:{field}: {value} is out of range; use 1..2147483647 seconds");
            }
        }

        if (zone.Soa.Minimum is < 0 or > 86_400)
        {
            errors.Add($"{key}:Soa:Minimum: {zone.Soa.Minimum} is out of range; use 0..86400 seconds (empty means Lookup:NegativeTtlSeconds)");
        }

        for (var i = 0; i < zone.NameServers.Count; i++)
        {
            if (EnumDomain.NameProblem(zone.NameServers[i]) is { } serverProblem)
            {
                errors.Add($"{key}:NameServers:{i}: {serverProblem}");
            }
        }
    }
}
