namespace NumberDirectory.Core.Handlers;

/// <summary>Settings of <see cref="LocalRangesHandler"/>.</summary>
/// <param name="AnswerTtl">How long others may cache an answer from our own ranges (DUNDi EXPIRATION / cachetime).</param>
public sealed record LocalRangesOptions(TimeSpan AnswerTtl)
{
    /// <summary>Five minutes: changes reach askers soon, and caches still spare the network.</summary>
    public static LocalRangesOptions Default { get; } = new(TimeSpan.FromMinutes(5));
}
