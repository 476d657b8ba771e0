namespace NumberDirectory.Server.Agi;

/// <summary>One line read from Asterisk, or why there is none.</summary>
internal readonly record struct AgiLine(AgiLineKind Kind, string Text)
{
    public static AgiLine End { get; } = new(AgiLineKind.End, string.Empty);

    public static AgiLine TooLong { get; } = new(AgiLineKind.TooLong, string.Empty);

    public static AgiLine Garbage { get; } = new(AgiLineKind.Garbage, string.Empty);
}
