namespace NumberDirectory.Core.Lookup;

/// <summary>One step of a lookup, kept for <c>explain</c>: who answered, who was asked or skipped and why.</summary>
/// <remarks>docs/architecture.md §Lookup results (the trace).</remarks>
/// <param name="Source">The handler or peer the step belongs to, e.g. <c>local-ranges</c>.</param>
/// <param name="Message">What happened, for a human.</param>
public sealed record TraceEntry(string Source, string Message)
{
    /// <summary>When it happened, where the handler keeps time (those that wait on peers do); null otherwise.</summary>
    public DateTimeOffset? At { get; init; }
}
