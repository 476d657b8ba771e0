namespace NumberDirectory.Core.Naptr;

/// <summary>What applying a <see cref="NaptrSubstitution"/> to a string gave.</summary>
public enum NaptrMatch
{
    /// <summary>The expression matched; the output is the replacement with its back-references filled in.</summary>
    Matched,

    /// <summary>The expression does not match the string: the rule does not apply to it.</summary>
    NoMatch,

    /// <summary>The match ran out of its time: nobody can say whether the rule applies.</summary>
    TimedOut,
}
