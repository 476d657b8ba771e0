using Microsoft.Extensions.Options;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Server.Hosting;

/// <summary>Stops startup on a dial-string template with an unknown variable.</summary>
internal sealed class DialStringsOptionsValidator : IValidateOptions<DialStringsOptions>
{
    public ValidateOptionsResult Validate(string? name, DialStringsOptions options)
    {
        var errors = new List<string>();
        Check(nameof(options.Sip), options.Sip, errors);
        Check(nameof(options.SipUri), options.SipUri, errors);
        Check(nameof(options.Iax), options.Iax, errors);
        Check(nameof(options.H323), options.H323, errors);
        CheckEndpoint(nameof(options.DefaultEndpoint), options.DefaultEndpoint, errors);
        foreach (var (host, endpoint) in options.Endpoints)
        {
            CheckEndpoint($"Endpoints:{host}", endpoint, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckEndpoint(string key, string? endpoint, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(endpoint) || endpoint.Any(c => char.IsWhiteSpace(c) || c is '/' or '@' or ','))
        {
            errors.Add($"{DialStringsOptions.Section}:{key}: '{endpoint}' is not a PJSIP endpoint name (no spaces, '/', '@' or ',')");
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
