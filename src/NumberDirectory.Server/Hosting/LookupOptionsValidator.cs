using Microsoft.Extensions.Options;

namespace NumberDirectory.Server.Hosting;

/// <summary>Stops startup on a bad <c>Lookup</c> section.</summary>
internal sealed class LookupOptionsValidator : IValidateOptions<LookupOptions>
{
    public ValidateOptionsResult Validate(string? name, LookupOptions options)
    {
        var errors = new List<string>();
        if (options.DefaultTimeoutMs is < 10 or > 60_000)
        {
            errors.Add($"Lookup:DefaultTimeoutMs: {options.DefaultTimeoutMs} is out of range; use 10..60000 (1000 = one second, the default)");
        }

        if (options.MaxTimeoutMs < options.DefaultTimeoutMs || options.MaxTimeoutMs > 60_000)
        {
            errors.Add($"Lookup:MaxTimeoutMs: {options.MaxTimeoutMs} must be at least Lookup:DefaultTimeoutMs ({options.DefaultTimeoutMs}) and at most 60000");
        }

        if (options.HopBudget is < 1 or > 255)
        {
            errors.Add($"Lookup:HopBudget: {options.HopBudget} is out of range; use 1..255 (DUNDi TTL; 32 is usual)");
        }

        if (options.NegativeTtlSeconds is < 0 or > 86_400)
        {
            errors.Add($"Lookup:NegativeTtlSeconds: {options.NegativeTtlSeconds} is out of range; use 0..86400 (30 is the default)");
        }

        if (options.LocalAnswerTtlSeconds is < 1 or > 65_535)
        {
            errors.Add($"Lookup:LocalAnswerTtlSeconds: {options.LocalAnswerTtlSeconds} is out of range; use 1..65535 (it travels in DUNDi's 16-bit EXPIRATION)");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
