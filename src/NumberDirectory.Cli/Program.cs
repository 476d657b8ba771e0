using NumberDirectory.Cli;

// Ctrl-C cancels the command (watch stops, a call in flight is abandoned) instead of killing the process, so
// what was printed is complete and the exit status is the command's.
using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !interrupted.IsCancellationRequested;
    interrupted.Cancel();
};

return await NumdirCommand.RunAsync(args, Console.Out, Console.Error, interrupted.Token);
