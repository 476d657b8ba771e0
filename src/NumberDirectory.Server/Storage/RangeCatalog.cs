using System.Diagnostics.CodeAnalysis;
using NumberDirectory.Core.Ranges;

namespace NumberDirectory.Server.Storage;

/// <summary>
/// Publishes and withdraws runtime ranges: validated, indexed and stored durably before the call
/// returns. Config-owned ranges are read-only here.
/// </summary>
public sealed class RangeCatalog(RangeTable table, RangeStore store)
{
    /// <summary>Publishes a runtime range; on failure <paramref name="errors"/> says what to fix.</summary>
    public bool TryPublish(RangeDefinition definition, [NotNullWhen(true)] out PublishedRange? range, out IReadOnlyList<string> errors, out IReadOnlyList<PublishedRange> overlaps)
    {
        ArgumentNullException.ThrowIfNull(definition);
        overlaps = [];
        if (!definition.TryBuild(RangeSource.Runtime, out range, out errors))
        {
            return false;
        }

        if (!table.TryAdd(range, out overlaps, out var conflict))
        {
            errors = [$"Pattern: {conflict}"];
            range = null;
            return false;
        }

        try
        {
            store.Save(range);
        }
        catch
        {
            // Not durable means not published: keep memory and disk in agreement.
            table.TryRemove(range.Context, range.Pattern.Text, out _);
            throw;
        }

        return true;
    }

    /// <summary>Withdraws a runtime range. Config-owned ranges are refused with a message.</summary>
    public bool TryWithdraw(string context, string pattern, [NotNullWhen(false)] out string? error)
    {
        var range = table.Get(context, pattern);
        if (range is null)
        {
            error = $"'{pattern}' is not published in context '{context}'";
            return false;
        }

        if (range.Source == RangeSource.Config)
        {
            error = $"'{pattern}' in context '{context}' comes from the configuration file; remove it there and restart the node";
            return false;
        }

        store.Delete(range.Key);
        table.TryRemove(context, pattern, out _);
        error = null;
        return true;
    }
}
