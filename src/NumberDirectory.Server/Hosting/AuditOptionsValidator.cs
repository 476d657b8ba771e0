using Microsoft.Extensions.Options;

namespace NumberDirectory.Server.Hosting;

/// <summary>Stops startup on an audit log bound that keeps nothing or cannot be stored.</summary>
internal sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    /// <summary>Largest <see cref="AuditOptions.MaxEntries"/>: some hundreds of megabytes of data file.</summary>
    public const int MostEntries = 10_000_000;

    /// <summary>Largest <see cref="AuditOptions.MaxAgeDays"/>: a century.</summary>
    public const int MostDays = 36_500;

    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        var errors = new List<string>();
        if (options.MaxEntries is < 1 or > MostEntries)
        {
            errors.Add($"Audit:MaxEntries: {options.MaxEntries} is out of range; keep 1..{MostEntries} entries (default {new AuditOptions().MaxEntries})");
        }

        if (options.MaxAgeDays is < 0 or > MostDays)
        {
            errors.Add($"Audit:MaxAgeDays: {options.MaxAgeDays} is out of range; use 1..{MostDays} days, or 0 for no age limit");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
