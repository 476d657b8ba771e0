namespace NumberDirectory.Fuzz.Engine;

/// <summary>How long and how to fuzz one target. The same seed and input count give the same inputs.</summary>
public sealed record FuzzRunOptions
{
    /// <summary>Seeds the mutations; combined with the target's name so targets do not share a sequence.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Stop after this many inputs (null: only <see cref="Duration"/> stops the run).</summary>
    public long? Inputs { get; init; }

    /// <summary>Stop after this long (null: only <see cref="Inputs"/> stops the run).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>An input still running after this long is a hang; the run stops there.</summary>
    public TimeSpan InputTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Inputs between two calls of <see cref="IFuzzTarget.Settle"/>.</summary>
    public int SettleEvery { get; init; } = 2000;

    /// <summary>Inputs kept per distinct finding signature, and distinct signatures kept.</summary>
    public int MaxFindings { get; init; } = 20;

    /// <summary>Where findings are written as hex files (null: nowhere).</summary>
    public string? FindingsDirectory { get; init; }
}
