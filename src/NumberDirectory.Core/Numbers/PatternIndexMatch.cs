namespace NumberDirectory.Core.Numbers;

/// <summary>What a <see cref="PatternIndex{T}"/> knows about one number.</summary>
/// <typeparam name="T">The value stored with each pattern.</typeparam>
/// <param name="Exists">Values whose pattern matches the number as it is, most specific first.</param>
/// <param name="Flags">The union of the match flags of every entry: MATCHMORE says some longer number would match something.</param>
/// <param name="Partial">Values whose pattern could match a longer number but not this one (bounded; sorted by pattern text).</param>
/// <param name="DeadPrefixLength">
/// Length of the shortest prefix of the number that no entry can match, or -1 when even the whole
/// number can still match something. DUNDi uses it to tell a peer not to ask about that prefix again.
/// </param>
/// <remarks>Asterisk dialplan matching (EXISTS / CANMATCH / MATCHMORE), applied to every entry at once.</remarks>
public sealed record PatternIndexMatch<T>(
    IReadOnlyList<T> Exists,
    MatchKind Flags,
    IReadOnlyList<T> Partial,
    int DeadPrefixLength)
{
    /// <summary>True when some pattern matches the number as it is.</summary>
    public bool HasExists => Exists.Count > 0;

    /// <summary>The value of the most specific matching pattern, or default when none matches.</summary>
    public T? Best => Exists.Count > 0 ? Exists[0] : default;
}
