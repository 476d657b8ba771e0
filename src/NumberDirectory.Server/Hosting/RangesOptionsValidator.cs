using Microsoft.Extensions.Options;
using NumberDirectory.Core.Ranges;

namespace NumberDirectory.Server.Hosting;

/// <summary>Stops startup on a configured range that is not valid, naming the entry and field.</summary>
internal sealed class RangesOptionsValidator : IValidateOptions<RangesOptions>
{
    public ValidateOptionsResult Validate(string? name, RangesOptions options)
    {
        var errors = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Ranges.Count; i++)
        {
            if (!ToDefinition(options.Ranges[i]).TryBuild(RangeSource.Config, out var range, out var problems))
            {
                errors.AddRange(problems.Select(p => $"{RangeOptions.Section}:{i}:{p}"));
                continue;
            }

            if (seen.TryGetValue(range.Key, out var first))
            {
                errors.Add($"{RangeOptions.Section}:{i}:Pattern: '{range.Pattern.Text}' in context '{range.Context}' is already published by {RangeOptions.Section}:{first}; merge their routes into one entry");
            }
            else
            {
                seen.Add(range.Key, i);
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static RangeDefinition ToDefinition(RangeOptions options) =>
        new(options.Context, options.Pattern, [.. options.Routes.Select(r => new RouteDefinition(r.Uri, r.Weight, r.Flags)
        {
            NaptrService = string.IsNullOrEmpty(r.NaptrService) ? null : r.NaptrService,
            NaptrOrder = r.NaptrOrder,
            NaptrPreference = r.NaptrPreference,
        })])
        {
            Merge = options.Merge,
            Description = options.Description,
            DisplayName = options.DisplayName,
        };
}
