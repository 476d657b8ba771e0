using NumberDirectory.Cli;

namespace NumberDirectory.Server.Tests;

/// <summary>Runs <c>numdir</c> in-process, as the shell would, and keeps what it printed.</summary>
internal static class Numdir
{
    public static Task<NumdirRun> RunAsync(params string[] args) => RunAsync(args, CancellationToken.None);

    /// <summary>Cancelling the token is the administrator's Ctrl-C.</summary>
    public static async Task<NumdirRun> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await NumdirCommand.RunAsync(args, output, error, cancellationToken);
        return new NumdirRun(exit, output.ToString(), error.ToString());
    }

    /// <summary>An admin command against a node's admin API.</summary>
    public static Task<NumdirRun> AdminAsync(TestNode node, params string[] args) =>
        RunAsync([.. args, "--server", node.AdminAddress.ToString()]);
}
