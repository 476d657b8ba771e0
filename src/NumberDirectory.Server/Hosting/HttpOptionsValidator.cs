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

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
