namespace NumberDirectory.Core.Lookup;

/// <summary>Negative knowledge returned with a result, e.g. "nothing here starts with 5".</summary>
/// <remarks>docs/protocols/dundi.md §Negative knowledge.</remarks>
/// <param name="Kind">The hint flags.</param>
/// <param name="Prefix">The prefix the hint covers; empty when it covers the whole number.</param>
public sealed record LookupHint(LookupHintKind Kind, string Prefix);
