namespace NumberDirectory.Core.Lookup;

/// <summary>Well-known lookup contexts.</summary>
/// <remarks>docs/protocols/dundi.md §Information elements: an absent CALLED_CONTEXT means <c>e164</c>.</remarks>
public static class LookupContexts
{
    /// <summary>The default context, as in DUNDi.</summary>
    public const string Default = "e164";

    /// <summary>Longest context name accepted.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// True when <paramref name="context"/> is a usable context name: 1–64 characters of
    /// letters, digits, <c>-</c>, <c>_</c> and <c>.</c> (what fits in a DUNDi CALLED_CONTEXT and a config key).
    /// </summary>
    public static bool IsValid(string? context) =>
        !string.IsNullOrEmpty(context)
        && context.Length <= MaxLength
        && context.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
