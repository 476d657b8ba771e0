namespace NumberDirectory.Server.Import;

/// <summary>
/// <c>import-dundi --dundi dundi.conf --extensions extensions.conf [--output file]</c>: runs the
/// importer from the node executable (the admin CLI depends on the protos only). The JSON goes to
/// stdout or the output file, issues to stderr.
/// </summary>
public static class ImportDundiCommand
{
    /// <summary>The verb, the first argument.</summary>
    public const string Verb = "import-dundi";

    /// <summary>Every line was carried over, or has only an informational note (nothing needs doing).</summary>
    public const int ExitComplete = 0;

    /// <summary>Configuration was written, but some lines need the administrator's attention.</summary>
    public const int ExitIssues = 1;

    /// <summary>Bad arguments or unreadable files; nothing was written.</summary>
    public const int ExitUnreadable = 2;

    private const string Usage = "usage: import-dundi --dundi <dundi.conf> --extensions <extensions.conf> [--output <appsettings.import.json>]";

    private const string Help = $"""
        {Usage}

        Translates an Asterisk dundi.conf, and the extensions.conf its mappings point into, into the node's
        configuration (the Node, Lookup, Dundi and Ranges sections of appsettings.json).
          --dundi <file>        the dundi.conf to read
          --extensions <file>   the extensions.conf to read (include => lines are followed)
          --output <file>       write the JSON here instead of to stdout
        Lines that are not translated are listed on stderr with their file and line number.
        Relative file names start at the current directory.

        exit codes:
          0  every line was carried over (or was not needed)
          1  the configuration was written, but some lines need your attention (see stderr)
          2  bad arguments or a file that cannot be read or written; nothing was written
        """;

    /// <summary>True when <paramref name="args"/> ask for this command.</summary>
    public static bool Matches(string[] args) => args is [Verb, ..];

    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Skip(1).Any(a => a is "--help" or "-h"))
        {
            await stdout.WriteLineAsync(Help).ConfigureAwait(false);
            return ExitComplete;
        }

        if (!TryReadArguments(args.Skip(1).ToArray(), out var files, out var error))
        {
            await stderr.WriteLineAsync($"{Verb}: {error}{Environment.NewLine}{Usage}").ConfigureAwait(false);
            return ExitUnreadable;
        }

        string dundiText;
        string extensionsText;
        try
        {
            dundiText = await File.ReadAllTextAsync(files["--dundi"], cancellationToken).ConfigureAwait(false);
            extensionsText = await File.ReadAllTextAsync(files["--extensions"], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"{Verb}: cannot read: {ex.Message}").ConfigureAwait(false);
            return ExitUnreadable;
        }

        var result = DundiConfImporter.Import(Path.GetFileName(files["--dundi"]), dundiText, Path.GetFileName(files["--extensions"]), extensionsText);
        if (files.TryGetValue("--output", out var output))
        {
            try
            {
                await File.WriteAllTextAsync(output, result.ToJson() + Environment.NewLine, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"{Verb}: cannot write: {ex.Message}").ConfigureAwait(false);
                return ExitUnreadable;
            }
        }
        else
        {
            await stdout.WriteLineAsync(result.ToJson()).ConfigureAwait(false);
        }

        foreach (var issue in result.Issues)
        {
            await stderr.WriteLineAsync(issue.ToString()).ConfigureAwait(false);
        }

        return result.LostAnything ? ExitIssues : ExitComplete;
    }

    private static bool TryReadArguments(string[] args, out Dictionary<string, string> files, out string? error)
    {
        files = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] is not ("--dundi" or "--extensions" or "--output") || i + 1 >= args.Length)
            {
                error = i + 1 >= args.Length && args[i].StartsWith("--", StringComparison.Ordinal) ? $"{args[i]} needs a file name" : $"unknown argument '{args[i]}'";
                return false;
            }

            files[args[i]] = args[i + 1];
        }

        error = files.ContainsKey("--dundi") && files.ContainsKey("--extensions") ? null : "--dundi and --extensions are required";
        return error is null;
    }
}
