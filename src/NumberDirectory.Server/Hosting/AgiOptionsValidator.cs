using Microsoft.Extensions.Options;

namespace NumberDirectory.Server.Hosting;

/// <summary>Stops startup on a bad <c>Agi</c> section.</summary>
internal sealed class AgiOptionsValidator : IValidateOptions<AgiOptions>
{
    public ValidateOptionsResult Validate(string? name, AgiOptions options)
    {
        var errors = new List<string>();
        if (!ListenEndpoint.TryParse(options.Listen, out _, out var error))
        {
            errors.Add($"Agi:Listen: {error}");
        }

        for (var i = 0; i < options.AllowedClients.Count; i++)
        {
            if (ClientNetworks.Validate(options.AllowedClients[i]) is { } bad)
            {
                errors.Add($"Agi:AllowedClients:{i}: {bad}");
            }
        }

        if (options.HeaderTimeoutMs is < 10 or > 60_000)
        {
            errors.Add($"Agi:HeaderTimeoutMs: {options.HeaderTimeoutMs} is out of range; use 10..60000 (2000, the default, is ample for a local Asterisk)");
        }

        if (options.ResponseTimeoutMs is < 10 or > 60_000)
        {
            errors.Add($"Agi:ResponseTimeoutMs: {options.ResponseTimeoutMs} is out of range; use 10..60000 (2000 is the default)");
        }

        if (options.MaxSessions is < 1 or > 100_000)
        {
            errors.Add($"Agi:MaxSessions: {options.MaxSessions} is out of range; use 1..100000 (2000 is the default)");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
