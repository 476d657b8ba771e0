namespace NumberDirectory.Core.Numbers;

/// <summary>What a pattern accepts after its last fixed element.</summary>
/// <remarks>Asterisk dialplan pattern matching (observed behaviour): <c>.</c> and <c>!</c> end a pattern.</remarks>
internal enum PatternTail : byte
{
    /// <summary>Nothing: the number must end with the last element.</summary>
    None = 0,

    /// <summary><c>.</c>: one or more further characters; more may always follow.</summary>
    OneOrMore = 1,

    /// <summary><c>!</c>: zero or more further characters, matched early (no MATCHMORE).</summary>
    ZeroOrMore = 2,
}
