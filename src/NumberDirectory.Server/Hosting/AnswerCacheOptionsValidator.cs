using Microsoft.Extensions.Options;

namespace NumberDirectory.Server.Hosting;

/// <summary>Stops startup on a bad <c>Cache</c> section.</summary>
internal sealed class AnswerCacheOptionsValidator : IValidateOptions<AnswerCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, AnswerCacheOptions options)
    {
        var errors = new List<string>();
        if (options.MaxEntries is < 0 or > 100_000_000)
        {
            errors.Add($"Cache:MaxEntries: {options.MaxEntries} is out of range; use 0..100000000");
        }

        if (options.MaxMegabytes is < 1 or > 65_536)
        {
            errors.Add($"Cache:MaxMegabytes: {options.MaxMegabytes} is out of range; use 1..65536");
        }

        if (options.MaxHints is < 0 or > 100_000_000)
        {
            errors.Add($"Cache:MaxHints: {options.MaxHints} is out of range; use 0..100000000");
        }

        if (options.MaxStaleSeconds is < 0 or > 7 * 86_400)
        {
            errors.Add($"Cache:MaxStaleSeconds: {options.MaxStaleSeconds} is out of range; use 0..604800 (0 turns serve-stale off)");
        }

        if (options.StaleAnswerTtlSeconds is < 0 or > 3600)
        {
            errors.Add($"Cache:StaleAnswerTtlSeconds: {options.StaleAnswerTtlSeconds} is out of range; use 0..3600");
        }

        if (options.RefreshBudgetMs is < 10 or > 60_000)
        {
            errors.Add($"Cache:RefreshBudgetMs: {options.RefreshBudgetMs} is out of range; use 10..60000");
        }

        if (options.SnapshotIntervalSeconds is < 1 or > 86_400)
        {
            errors.Add($"Cache:SnapshotIntervalSeconds: {options.SnapshotIntervalSeconds} is out of range; use 1..86400");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
