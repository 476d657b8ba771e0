namespace NumberDirectory.Server.Tests;

/// <summary>What one <c>numdir</c> run did: its exit status, stdout and stderr.</summary>
internal sealed record NumdirRun(int Exit, string Out, string Err)
{
    /// <summary>Exit status and stderr together, so a failed assertion shows why.</summary>
    public (int Exit, string Err) Outcome => (Exit, Err);
}
