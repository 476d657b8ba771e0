using System.Diagnostics.CodeAnalysis;
using NumberDirectory.Core.Ranges;

namespace NumberDirectory.Server.Storage;

/// <summary>
/// Publishes and withdraws runtime ranges: validated, indexed and stored durably before the call
/// returns. Config-owned ranges are read-only here. A range the admission check refuses (one that
/// would not fit a transferred ENUM zone) is refused with its reason.
/// </summary>
public sealed class RangeCatalog(RangeTable table, RangeStore store, IRangeAdmission? admission = null)
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

        if (admission?.Refusal(range, null) is { } refusal)
        {
            errors = [refusal];
            range = null;
            return false;
        }

        var added = range;
        try
        {
            // Those who follow the table write what the change makes (the ENUM zone serial and journal)
            // as it is added, so a data file that refuses writes can throw from here, the range added.
            if (!table.TryAdd(range, out overlaps, out var conflict))
            {
                errors = [$"Pattern: {conflict}"];
                range = null;
                return false;
            }

            store.Save(range);
        }
        catch
        {
            // Not durable means not published: keep memory and disk in agreement.
            if (ReferenceEquals(table.Get(added.Context, added.Pattern.Text), added))
            {
                try
                {
                    table.TryRemove(added.Context, added.Pattern.Text, out _);
                }
                catch (Exception ex) when (ex is LiteDB.LiteException or IOException or ObjectDisposedException)
                {
                    // The removal's own zone step failed to write as well: the range is out of the table,
                    // which is what matters; the first error is the one to report.
                }
            }

            throw;
        }

        return true;
    }

    /// <summary>
    /// Replaces a runtime range (same context and pattern) with <paramref name="definition"/>, durably;
    /// <paramref name="notFound"/> tells a missing range from an invalid one or a config-owned one.
    /// </summary>
    public bool TryUpdate(RangeDefinition definition, [NotNullWhen(true)] out PublishedRange? range, out IReadOnlyList<string> errors, out IReadOnlyList<PublishedRange> overlaps, out bool notFound)
    {
        ArgumentNullException.ThrowIfNull(definition);
        overlaps = [];
        notFound = false;
        if (!definition.TryBuild(RangeSource.Runtime, out range, out errors))
        {
            return false;
        }

        var existing = table.Get(range.Context, range.Pattern.Text);
        if (existing is null || existing.Source == RangeSource.Config)
        {
            notFound = existing is null;
            errors = existing is null
                ? [$"Pattern: '{range.Pattern.Text}' is not published in context '{range.Context}'; publish it first"]
                : [$"Pattern: '{range.Pattern.Text}' in context '{range.Context}' comes from the configuration file; change it there and restart the node"];
            range = null;
            return false;
        }

        if (admission?.Refusal(range, existing) is { } refusal)
        {
            errors = [refusal];
            range = null;
            return false;
        }

        store.Save(range);
        if (!table.TryReplace(range, out _, out overlaps, out var error))
        {
            // Withdrawn in between: put back what was stored so memory and disk agree.
            store.Delete(range.Key);
            errors = [$"Pattern: {error}"];
            notFound = true;
            range = null;
            return false;
        }

        return true;
    }

    /// <summary>
    /// Publishes <paramref name="changes"/> (new ranges, or runtime ranges replaced) with one data-file
    /// transaction, each checked by the admission as <see cref="TryPublish"/> would, counted with those
    /// before it. On a refusal, or a range that changed since it was checked, nothing of the batch stays
    /// and <paramref name="error"/> says which and why.
    /// </summary>
    public bool TryApply(IReadOnlyList<RangeReplacement> changes, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(changes);

        // Each change the table takes is written at once by those who follow it (the ENUM zone serial and
        // journal): with the ranges, one transaction for the whole batch instead of a commit per write.
        string? refused = null;
        table.Exclusively(() => store.InOneTransaction(() => refused = Apply(changes)));
        error = refused;
        return error is null;
    }

    private string? Apply(IReadOnlyList<RangeReplacement> changes)
    {
        string? error;
        var done = new List<RangeReplacement>(changes.Count);
        foreach (var change in changes)
        {
            var (range, replacing) = (change.Range, change.Replacing);
            error = admission?.Refusal(range, replacing);
            if (error is null && !ReferenceEquals(table.Get(range.Context, range.Pattern.Text), replacing))
            {
                error = $"'{range.Pattern.Text}' in context '{range.Context}' was changed by another call while the import ran";
            }

            if (error is null && (replacing is null ? !table.TryAdd(range, out _, out error) : !table.TryReplace(range, out _, out _, out error)))
            {
                error ??= $"'{range.Pattern.Text}' in context '{range.Context}' cannot be published";
            }

            if (error is not null)
            {
                UndoTable(done);
                return error;
            }

            done.Add(change);
        }

        try
        {
            store.SaveAll([.. changes.Select(c => c.Range)]);
        }
        catch
        {
            UndoTable(done);
            throw;
        }

        return null;
    }

    /// <summary>Takes back batches <see cref="TryApply"/> applied (an import that failed later on): the ranges replaced come back, the new ones go.</summary>
    public void Undo(IReadOnlyList<RangeReplacement> applied)
    {
        ArgumentNullException.ThrowIfNull(applied);
        table.Exclusively(() => store.InOneTransaction(() =>
        {
            UndoTable(applied);
            store.Restore([.. applied.Where(c => c.Replacing is not null).Select(c => c.Replacing!)], [.. applied.Where(c => c.Replacing is null).Select(c => c.Range.Key)]);
        }));
    }

    private void UndoTable(IReadOnlyList<RangeReplacement> applied)
    {
        for (var i = applied.Count - 1; i >= 0; i--)
        {
            var (range, replacing) = (applied[i].Range, applied[i].Replacing);
            _ = replacing is null ? table.TryRemove(range.Context, range.Pattern.Text, out _) : table.TryReplace(replacing, out _, out _, out _);
        }
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
