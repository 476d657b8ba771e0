namespace NumberDirectory.Server.Agi;

/// <summary>What reading one line from Asterisk produced.</summary>
internal enum AgiLineKind
{
    /// <summary>A complete line (without its line end).</summary>
    Line,

    /// <summary>The peer closed the connection.</summary>
    End,

    /// <summary>The line is longer than <see cref="AgiConnection.MaxLineBytes"/>.</summary>
    TooLong,

    /// <summary>The line holds control characters: not AGI text.</summary>
    Garbage,
}
