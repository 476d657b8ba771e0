using Microsoft.Extensions.Options;

namespace NumberDirectory.Server.Hosting;

/// <summary>Stops startup on a bad <c>Http</c> section.</summary>
internal sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        var errors = new List<string>();
        if (!ListenEndpoint.TryParse(options.Listen, out _, out var error))
        {
            errors.Add($"Http:Listen: {error}");
        }

        for (var i = 0; i < options.AllowedClients.Count; i++)
        {
            if (ClientNetworks.Validate(options.AllowedClients[i]) is { } bad)
            {
                errors.Add($"Http:AllowedClients:{i}: {bad}");
            }
        }

        for (var i = 0; i < options.StatusPageClients.Count; i++)
        {
            if (ClientNetworks.Validate(options.StatusPageClients[i]) is { } bad)
            {
                errors.Add($"Http:StatusPageClients:{i}: {bad}");
            }
        }

        Range("Http:StatusPageRecentLookups", options.StatusPageRecentLookups, 0, 1000, errors);
        Range("Http:MaxConnections", options.MaxConnections, 1, 1_000_000, errors);
        Range("Http:MaxHeaderBytes", options.MaxHeaderBytes, 1024, 1_048_576, errors);
        Range("Http:HeaderTimeoutMs", options.HeaderTimeoutMs, 1000, 600_000, errors);
        Range("Http:KeepAliveSeconds", options.KeepAliveSeconds, 1, 3600, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range(string option, int value, int min, int max, List<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{option}: {value} is out of range; use {min}..{max}");
        }
    }
}
