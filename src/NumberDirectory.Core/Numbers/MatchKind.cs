namespace NumberDirectory.Core.Numbers;

/// <summary>
/// How a number relates to a pattern, as Asterisk's dialplan decides it. The bit values are the
/// DUNDi answer flags so they can go on the wire unchanged.
/// </summary>
/// <remarks>docs/protocols/dundi.md §ANSWER (flags EXISTS 0x1, MATCHMORE 0x2, CANMATCH 0x4).</remarks>
[Flags]
public enum MatchKind : ushort
{
    /// <summary>No relation: neither this number nor any longer one can match.</summary>
    None = 0,

    /// <summary>The number matches the pattern as it is (Asterisk <c>ast_exists_extension</c>).</summary>
    Exists = 0x1,

    /// <summary>A longer number starting with this one would match (Asterisk <c>ast_matchmore_extension</c>).</summary>
    MatchMore = 0x2,

    /// <summary>The number matches now or could with more digits (Asterisk <c>ast_canmatch_extension</c>).</summary>
    CanMatch = 0x4,
}
