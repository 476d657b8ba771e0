using NumberDirectory.Core.Lookup;

namespace NumberDirectory.Core.Dundi;

/// <summary>A HINT IE: negative knowledge flags and an optional number prefix.</summary>
/// <param name="Flags">TTL_EXPIRED, DONT_ASK, UNAFFECTED.</param>
/// <param name="Prefix">The prefix the flags apply to; empty when none.</param>
/// <remarks>docs/protocols/dundi.md §HINT (flags[2] + optional prefix).</remarks>
public sealed record DundiHint(LookupHintKind Flags, string Prefix);
