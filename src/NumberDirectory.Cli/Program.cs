using NumberDirectory.Cli;

return await NumdirCommand.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
