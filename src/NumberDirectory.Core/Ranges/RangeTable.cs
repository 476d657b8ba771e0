using System.Diagnostics.CodeAnalysis;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Ranges;

/// <summary>
/// All ranges this node publishes, indexed per context. Many readers, occasional writers.
/// A context and pattern text identify a range; publishing the same pair twice is refused.
/// </summary>
/// <remarks>docs/architecture.md §Patterns and ranges (the most specific match wins; overlaps are reported when ranges are loaded).</remarks>
public sealed class RangeTable : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, PatternIndex<PublishedRange>> _byContext = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PublishedRange> _byKey = new(StringComparer.Ordinal);

    // Held from a change until its handlers have run, so a handler sees the table as its change left it
    // and changes reach handlers in the order they were made (the ENUM zone journal relies on both).
    // Lookups take only the read lock and never wait for it.
    private readonly Lock _changes = new();

    /// <summary>
    /// Raised after a range was added or removed, outside the table's lock, on the thread that changed
    /// it, before any other change is made: a handler sees the table as this change left it. Whoever
    /// keeps something derived from the ranges (a door's encoded answers, a zone's serial and journal)
    /// drops or renews it here; a handler must not throw, and lookups go on while it runs.
    /// </summary>
    /// <remarks>docs/architecture.md §Range changes.</remarks>
    public event EventHandler<RangeChange>? Changed;

    /// <summary>Number of ranges.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _byKey.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>The contexts that have at least one range.</summary>
    public IReadOnlyCollection<string> Contexts
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return [.. _byContext.Keys];
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>
    /// Adds <paramref name="range"/>. Fails with a message when the same context and pattern is already
    /// published. Ranges that overlap others are accepted (the most specific wins) and reported in
    /// <paramref name="overlaps"/> so the caller can warn.
    /// </summary>
    public bool TryAdd(PublishedRange range, out IReadOnlyList<PublishedRange> overlaps, [NotNullWhen(false)] out string? error)
    {
        lock (_changes)
        {
            return TryAddChanging(range, out overlaps, out error);
        }
    }

    private bool TryAddChanging(PublishedRange range, out IReadOnlyList<PublishedRange> overlaps, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(range);
        _lock.EnterWriteLock();
        try
        {
            if (_byKey.TryGetValue(range.Key, out var existing))
            {
                overlaps = [];
                error = $"'{range.Pattern.Text}' is already published in context '{range.Context}' (source: {existing.Source.ToString().ToLowerInvariant()}); withdraw it first or change the pattern";
                return false;
            }

            if (!_byContext.TryGetValue(range.Context, out var index))
            {
                index = new PatternIndex<PublishedRange>();
                _byContext.Add(range.Context, index);
            }

            overlaps = index.FindOverlaps(range.Pattern);
            index.Add(range.Pattern, range);
            _byKey.Add(range.Key, range);
            error = null;
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        Changed?.Invoke(this, new RangeChange(range, RangeChangeKind.Added));
        return true;
    }

    /// <summary>
    /// Replaces the range with the same context and pattern as <paramref name="range"/> in one step, so
    /// no lookup in between finds neither; fails with a message when there is none to replace.
    /// </summary>
    public bool TryReplace(PublishedRange range, [NotNullWhen(true)] out PublishedRange? replaced, out IReadOnlyList<PublishedRange> overlaps, [NotNullWhen(false)] out string? error)
    {
        lock (_changes)
        {
            return TryReplaceChanging(range, out replaced, out overlaps, out error);
        }
    }

    private bool TryReplaceChanging(PublishedRange range, [NotNullWhen(true)] out PublishedRange? replaced, out IReadOnlyList<PublishedRange> overlaps, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(range);
        _lock.EnterWriteLock();
        try
        {
            if (!_byKey.TryGetValue(range.Key, out replaced))
            {
                overlaps = [];
                error = $"'{range.Pattern.Text}' is not published in context '{range.Context}'; publish it first";
                return false;
            }

            var index = _byContext[range.Context];
            index.Remove(replaced.Pattern, replaced);
            overlaps = index.FindOverlaps(range.Pattern);
            index.Add(range.Pattern, range);
            _byKey[range.Key] = range;
            error = null;
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        Changed?.Invoke(this, new RangeChange(replaced, RangeChangeKind.Removed) { Counterpart = range });
        Changed?.Invoke(this, new RangeChange(range, RangeChangeKind.Added) { Counterpart = replaced });
        return true;
    }

    /// <summary>Removes the range published as <paramref name="pattern"/> in <paramref name="context"/>.</summary>
    public bool TryRemove(string context, string pattern, [NotNullWhen(true)] out PublishedRange? removed)
    {
        lock (_changes)
        {
            return TryRemoveChanging(context, pattern, out removed);
        }
    }

    private bool TryRemoveChanging(string context, string pattern, [NotNullWhen(true)] out PublishedRange? removed)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_byKey.Remove($"{context}/{pattern}", out removed))
            {
                return false;
            }

            var index = _byContext[context];
            index.Remove(removed.Pattern, removed);
            if (index.Count == 0)
            {
                _byContext.Remove(context);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        Changed?.Invoke(this, new RangeChange(removed, RangeChangeKind.Removed));
        return true;
    }

    /// <summary>Looks a range up by context and pattern text.</summary>
    public PublishedRange? Get(string context, string pattern)
    {
        _lock.EnterReadLock();
        try
        {
            return _byKey.GetValueOrDefault($"{context}/{pattern}");
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Up to <paramref name="max"/> ranges of <paramref name="context"/> that share numbers with <paramref name="pattern"/>.</summary>
    public IReadOnlyList<PublishedRange> FindOverlaps(string context, NumberPattern pattern, int max = 16)
    {
        _lock.EnterReadLock();
        try
        {
            return _byContext.TryGetValue(context, out var index) ? index.FindOverlaps(pattern, max) : [];
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Finds the ranges of <paramref name="context"/> that match <paramref name="number"/>, most specific first.</summary>
    public PatternIndexMatch<PublishedRange>? Find(string context, DialNumber number)
    {
        _lock.EnterReadLock();
        try
        {
            return _byContext.TryGetValue(context, out var index) ? index.Find(number.Digits) : null;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Runs <paramref name="changes"/> — several <see cref="TryAdd"/>, <see cref="TryReplace"/> or
    /// <see cref="TryRemove"/> calls of one caller, on this thread — with no change of another caller in
    /// between. A bulk import holds the table so for a batch: whoever follows <see cref="Changed"/> and
    /// writes what each change makes (the ENUM zone serial and journal) does so inside the batch's one
    /// data-file transaction, and no other caller can wait on that transaction while holding the table.
    /// </summary>
    public void Exclusively(Action changes)
    {
        ArgumentNullException.ThrowIfNull(changes);

        // The lock is reentrant: the calls inside take it again on this thread.
        lock (_changes)
        {
            changes();
        }
    }

    /// <summary>
    /// A copy of every range of <paramref name="context"/>, taken with <paramref name="state"/> between two
    /// changes, after every handler of the last one has run: what a handler derived from the ranges (an
    /// ENUM zone's serial) matches the copy exactly.
    /// </summary>
    public (IReadOnlyList<PublishedRange> Ranges, T State) Snapshot<T>(string context, Func<T> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_changes)
        {
            _lock.EnterReadLock();
            try
            {
                return ([.. _byKey.Values.Where(r => r.Context == context)], state());
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>A copy of every range, ordered by context then pattern text.</summary>
    public IReadOnlyList<PublishedRange> Snapshot()
    {
        _lock.EnterReadLock();
        try
        {
            return [.. _byKey.Values.OrderBy(r => r.Context, StringComparer.Ordinal).ThenBy(r => r.Pattern.Text, StringComparer.Ordinal)];
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();
}
