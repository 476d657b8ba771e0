using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using NumberDirectory.Core.EnumZones;
using NumberDirectory.Core.Lookup;

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

        var suffixes = new List<(int Index, string Suffix)>();
        for (var i = 0; i < options.Zones.Count; i++)
        {
            ValidateZone($"Enum:Zones:{i}", options.Zones[i], errors);
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
