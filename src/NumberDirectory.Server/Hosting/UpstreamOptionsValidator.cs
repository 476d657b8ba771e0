using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.Extensions.Options;
using NumberDirectory.Core.EnumZones;
using NumberDirectory.Core.Lookup;

namespace NumberDirectory.Server.Hosting;

/// <summary>Stops startup on a bad <c>UpstreamEnum</c> section, every mistake at once.</summary>
internal sealed class UpstreamOptionsValidator : IValidateOptions<UpstreamOptions>
{
    /// <summary>The port of a server written without one.</summary>
    public const int DnsPort = 53;

    public ValidateOptionsResult Validate(string? name, UpstreamOptions options)
    {
        var errors = new List<string>();
        if (options.MaxTtlSeconds is < 1 or > 86_400)
        {
            errors.Add($"UpstreamEnum:MaxTtlSeconds: {options.MaxTtlSeconds} is out of range; use 1..86400 seconds (3600 is the default)");
        }

        if (options.MatchTimeoutMs is < 1 or > 1000)
        {
            errors.Add($"UpstreamEnum:MatchTimeoutMs: {options.MatchTimeoutMs} is out of range; use 1..1000 (50 is the default)");
        }

        var seen = new Dictionary<(string Context, string Suffix), int>();
        for (var i = 0; i < options.Suffixes.Count; i++)
        {
            var key = $"UpstreamEnum:Suffixes:{i}";
            var suffix = options.Suffixes[i];
            if (EnumDomain.NameProblem(suffix.Suffix) is { } problem)
            {
                errors.Add($"{key}:Suffix: {problem}");
            }
            else if (LookupContexts.IsValid(suffix.Context?.Trim()))
            {
                var pair = (suffix.Context!.Trim(), EnumDomain.Normalize(suffix.Suffix));
                if (seen.TryGetValue(pair, out var earlier))
                {
                    errors.Add($"{key}:Suffix: '{pair.Item2}' is already asked for context '{pair.Item1}' by UpstreamEnum:Suffixes:{earlier}; list each suffix once per context");
                }
                else
                {
                    seen[pair] = i;
                }
            }

            if (!LookupContexts.IsValid(suffix.Context?.Trim()))
            {
                errors.Add($"{key}:Context: '{suffix.Context}' is not a context name; use 1-{LookupContexts.MaxLength} letters, digits, '-', '_' or '.' (e.g. e164)");
            }

            if (suffix.TimeoutMs is < 10 or > 5000)
            {
                errors.Add($"{key}:TimeoutMs: {suffix.TimeoutMs} is out of range; use 10..5000 (500 is the default)");
            }

            for (var j = 0; j < suffix.Servers.Count; j++)
            {
                if (!TryParseServer(suffix.Servers[j], out _, out var error))
                {
                    errors.Add($"{key}:Servers:{j}: {error}");
                }
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>A server written as <c>192.0.2.53</c>, <c>192.0.2.53:5300</c>, <c>2001:db8::53</c> or <c>[2001:db8::53]:5300</c>.</summary>
    public static bool TryParseServer(string? text, [NotNullWhen(true)] out IPEndPoint? server, [NotNullWhen(false)] out string? error)
    {
        server = null;
        if (string.IsNullOrWhiteSpace(text) || !IPEndPoint.TryParse(text.Trim(), out var parsed) || parsed.Address.Equals(IPAddress.Any) || parsed.Address.Equals(IPAddress.IPv6Any))
        {
            error = $"'{text}' is not a server address; write an IP address with an optional port, like 192.0.2.53, 192.0.2.53:5300 or [2001:db8::53]:53 (a host name is not accepted)";
            return false;
        }

        if (parsed.Port == 0 && HasPort(text.Trim()))
        {
            error = $"'{text}': port 0 is no server's port; leave the port out for 53";
            return false;
        }

        server = parsed.Port == 0 ? new IPEndPoint(parsed.Address, DnsPort) : parsed;
        error = null;
        return true;
    }

    // "[2001:db8::53]:53" and "192.0.2.53:53" name a port; a bare IPv6 address is all colons.
    private static bool HasPort(string text) =>
        text.Contains("]:", StringComparison.Ordinal) || (!text.StartsWith('[') && text.Count(c => c == ':') == 1);
}
