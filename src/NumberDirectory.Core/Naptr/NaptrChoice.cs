using System.Collections.Immutable;

namespace NumberDirectory.Core.Naptr;

/// <summary>
/// What <see cref="NaptrSelection"/> chose from one RRset: the routes and next names of the first
/// order that had a usable record, and every record it skipped on the way.
/// </summary>
/// <param name="Order">The order chosen, or null when no record was usable.</param>
/// <param name="Routes">Terminal results, by preference.</param>
/// <param name="Next">Non-terminal results, by preference.</param>
/// <param name="Skipped">Records of the orders examined that gave nothing, with the reason.</param>
public sealed record NaptrChoice(ushort? Order, ImmutableArray<NaptrRoute> Routes, ImmutableArray<NaptrNext> Next, ImmutableArray<NaptrSkip> Skipped)
{
    /// <summary>
    /// True when a record of an order examined could not be judged (its regexp ran out of time): what
    /// was chosen may not be what the zone meant, and "nothing usable" is not proven.
    /// </summary>
    public bool Incomplete => Skipped.Any(s => s.TimedOut);
}
