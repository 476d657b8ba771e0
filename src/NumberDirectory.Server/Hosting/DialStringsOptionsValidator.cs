using System.Globalization;
using Microsoft.Extensions.Options;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Server.Hosting;

/// <summary>
/// Stops startup on a dial-string template with an unknown variable, a bad endpoint name, or an
/// endpoint mapping that is not valid or repeats another. It reads the section itself for
/// <c>Endpoints</c> written as a map keyed by host (the shape of earlier versions), which the binder
/// would drop without a word, or split at the ':' of <c>host:port</c>.
/// </summary>
internal sealed class DialStringsOptionsValidator(IConfiguration section) : IValidateOptions<DialStringsOptions>
{
    private const string Shape = "{ \"Host\": \"pbx-w.example.net\", \"Port\": 8089, \"Transport\": \"wss\", \"Endpoint\": \"pbx-w\" } (Port and Transport optional)";

    public ValidateOptionsResult Validate(string? name, DialStringsOptions options)
    {
        var errors = new List<string>();
        Check(nameof(options.Sip), options.Sip, errors);
        Check(nameof(options.SipUri), options.SipUri, errors);
        Check(nameof(options.Iax), options.Iax, errors);
        Check(nameof(options.H323), options.H323, errors);
        if (EndpointMapping.CheckEndpointName(options.DefaultEndpoint) is { } endpointError)
        {
            errors.Add($"{DialStringsOptions.Section}:{nameof(options.DefaultEndpoint)}: {endpointError}");
        }

        var keyed = section.GetSection(nameof(options.Endpoints)).GetChildren().Where(c => !int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)).ToList();
        foreach (var entry in keyed)
        {
            errors.Add($"{DialStringsOptions.Section}:{nameof(options.Endpoints)}:{entry.Key}: endpoints are a list of {Shape}, not a map keyed by host (a key cannot hold a port: configuration splits keys at ':')");
        }

        if (keyed.Count == 0)
        {
            CheckEndpoints(options.Endpoints, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckEndpoints(List<EndpointMappingOptions> entries, List<string> errors)
    {
        var mapped = new List<(int Index, EndpointMapping Mapping)>();
        for (var i = 0; i < entries.Count; i++)
        {
            var key = $"{DialStringsOptions.Section}:{nameof(DialStringsOptions.Endpoints)}:{i}";
            var entry = entries[i];
            if (!EndpointMapping.TryCreate(entry.Host, entry.Port, entry.Transport, entry.Endpoint, out var mapping, out var problems))
            {
                errors.AddRange(problems.Select(p => $"{key}:{p}"));
                continue;
            }

            if (mapped.FirstOrDefault(m => m.Mapping.MatchesSameRoutesAs(mapping)) is { Mapping: not null } earlier)
            {
                errors.Add($"{key}: {earlier.Mapping.Describe()} is already mapped by {DialStringsOptions.Section}:{nameof(DialStringsOptions.Endpoints)}:{earlier.Index} (to {earlier.Mapping.Endpoint})");
                continue;
            }

            mapped.Add((i, mapping));
        }
    }

    private static void Check(string key, string template, List<string> errors)
    {
        if (DialStringRenderer.ValidateTemplate(template) is { } error)
        {
            errors.Add($"{DialStringsOptions.Section}:{key}: {error}");
        }
    }
}
