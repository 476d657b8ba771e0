namespace NumberDirectory.Server.Tests;

/// <summary>How a run of the node executable ended: its exit code and what it printed.</summary>
internal sealed record ServerRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{Stdout}stderr:{Environment.NewLine}{Stderr}";
}
