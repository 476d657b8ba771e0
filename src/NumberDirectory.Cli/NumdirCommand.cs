using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace NumberDirectory.Cli;

/// <summary>
/// <c>numdir</c>: the administrator's command line. Every command but <c>enum</c> talks to a node's gRPC admin
/// API; <c>enum</c> asks its ENUM door as a resolver would. Exit statuses follow sysexits(3).
/// </summary>
internal static class NumdirCommand
{
    public const int ExitOk = 0;
    public const int ExitNotFound = 1;
    public const int ExitUsage = 64;
    public const int ExitRefused = 65;
    public const int ExitUnavailable = 69;
    public const int ExitUnauthenticated = 77;

    public const string ExitCodes = """
        Exit status:
          0   done; found
          1   not found (a lookup's NOT_FOUND; show, update or rm of a range, peer or cache entry that is not there)
          64  bad arguments
          65  the node refused the input (INVALID_ARGUMENT, FAILED_PRECONDITION, ALREADY_EXISTS), with its reasons
          69  the node cannot be reached, failed, or a lookup FAILED (UNAVAILABLE, DEADLINE_EXCEEDED, UNIMPLEMENTED)
          77  not allowed (UNAUTHENTICATED: give --token or NUMDIR_TOKEN; PERMISSION_DENIED: Admin:AllowedClients)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // `numdir help [command]` is `numdir [command] --help`.
        if (args is ["help", .. var rest])
        {
            args = [.. rest, "--help"];
        }

        var root = Create();
        var parse = root.Parse(args);

        // --help wins over what else is missing or wrong, as people type it to find out what is needed.
        if (parse.Errors.Count > 0 && parse.Action is not ExitCodesHelpAction)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync($"numdir: {problem.Message}").ConfigureAwait(false);
            }

            var command = parse.CommandResult.Command;
            var path = string.Join(' ', CommandPath(command));
            var arguments = string.Concat(command.Arguments.Select(a => $" <{a.Name}>"));
            var subcommand = command.Subcommands.Count > 0 ? " <command>" : string.Empty;
            await error.WriteLineAsync($"usage: {path}{subcommand}{arguments} [options]  ('{path} --help' lists them)").ConfigureAwait(false);
            return ExitUsage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,

            // Program.cs owns Ctrl-C and passes it in as the token; a library must not hook the process's signals.
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };
        return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    private static RootCommand Create()
    {
        var common = new CommonArguments();
        var root = new RootCommand("numdir: manage a NumberDirectory node over its admin API (gRPC).");
        Command[] admin =
        [
            RangesCommand.Create(common),
            PeersCommand.Create(common),
            CacheCommand.Create(common),
            LookupCommand.Create(common),
            ExplainCommand.Create(common),
            WatchCommand.Create(common),
            ImportDundiCommand.Create(common),
            StatusCommand.Create(common),
            BackupCommand.Create(common),
            AuditCommand.Create(common),
        ];
        foreach (var command in admin)
        {
            // On each admin command rather than the root: `enum` has a --server of its own, the ENUM door's.
            common.AddTo(command);
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(EnumCommand.Create());
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ExitCodesHelpAction((HelpAction)help.Action!);
        return root;
    }

    private static Stack<string> CommandPath(Command command)
    {
        var names = new Stack<string>();
        for (Command? at = command; at is not null; at = at.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Push(at is RootCommand ? "numdir" : at.Name);
        }

        return names;
    }

    /// <summary>The generated help, then the exit statuses, which scripts need and System.CommandLine has no section for.</summary>
    private sealed class ExitCodesHelpAction(HelpAction help) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            help.Invoke(parseResult);
            parseResult.InvocationConfiguration.Output.WriteLine(ExitCodes);
            return ExitOk;
        }
    }
}
