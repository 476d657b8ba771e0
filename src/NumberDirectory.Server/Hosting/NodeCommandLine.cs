namespace NumberDirectory.Server.Hosting;

/// <summary>
/// The node's own command line (<c>[run] [--config file] [--Section:Key value]…</c>), read before the
/// host reads it: the host's reader skips what it does not understand (a <c>--config</c> with no file, a
/// stray word), which would start the node on the defaults.
/// </summary>
internal sealed record NodeCommandLine(string[] Options, bool Help, string? ConfigFile, IReadOnlyList<string> Problems)
{
    /// <summary>The verb that runs the node, optional.</summary>
    public const string RunVerb = "run";

    public const string Usage = """
        usage: NumberDirectory.Server [run] [--config <file>] [--<Section>:<Key> <value>]...
               NumberDirectory.Server import-dundi --dundi <dundi.conf> --extensions <extensions.conf> [--output <file>]
               NumberDirectory.Server dundi-keygen --name <name> [--directory <dir>]
               NumberDirectory.Server restore <backup-file> --data <dir> [--force] | restore --check <backup-file>
        (from the repository: dotnet run --project src/NumberDirectory.Server -- <arguments>)

        commands:
          run            run the node until it is stopped (the default)
          import-dundi   translate an Asterisk dundi.conf and extensions.conf into configuration (see import-dundi --help)
          dundi-keygen   make an RSA key pair for encrypted DUNDi peering (see dundi-keygen --help)
          restore        put a backup taken with 'numdir backup' in place as a stopped node's data file (see restore --help)

        configuration:
          --config <file>         read this JSON file instead of the appsettings.json beside the executable;
                                  relative paths in it (Node:DataDirectory, Dundi:PrivateKey, Dundi:Peers:N:InKey)
                                  start at the file's directory
          --<Section>:<Key> <value>
                                  any option of appsettings.json, e.g. --Http:Listen 0.0.0.0:8080,
                                  --Ranges:0:Pattern _4XXX (entries of a list are numbered from 0)
          NUMBERDIRECTORY_<Section>__<Key>=<value>
                                  the same in the environment, e.g. NUMBERDIRECTORY_Http__Listen=0.0.0.0:8080
          The command line wins over the environment, which wins over the file. Relative paths given on the
          command line or in the environment start at the current directory.
          --Node:StrictConfig true  refuse to start on an unknown key (by default it is a warning)
          --Node:Debug true         print the stack trace of an error that stops the node

        exit codes:
          0  the node was stopped (or --help)
          1  the node stopped on an error while running
          2  it could not start: every configuration problem is printed, one per line, or the one reason
             (a port in use, an address not on this host, an unreadable data file), naming the option to change
        """;

    private static readonly string[] HelpWords = ["--help", "-h", "-?", "/?", "/help"];

    public static NodeCommandLine Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = args is [RunVerb, .. var rest] ? rest : args;
        if (options.Any(a => HelpWords.Contains(a, StringComparer.OrdinalIgnoreCase)) || args is ["help", ..])
        {
            return new NodeCommandLine(options, Help: true, null, []);
        }

        var problems = new List<string>();
        string? config = null;
        for (var i = 0; i < options.Length; i++)
        {
            var arg = options[i];
            var key = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : arg.StartsWith('/') ? arg[1..] : null;
            if (key is null)
            {
                // Section:Key=value without dashes is accepted by the host's reader too.
                if (arg.StartsWith('-') || !arg.Contains('=', StringComparison.Ordinal))
                {
                    problems.Add($"unexpected argument '{arg}'; options are written --Section:Key value (see --help)");
                }

                continue;
            }

            string? value = null;
            var equals = key.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = key[(equals + 1)..];
                key = key[..equals];
            }
            else if (i + 1 < options.Length && !(IsConfig(key) && options[i + 1].StartsWith("--", StringComparison.Ordinal)))
            {
                value = options[++i];
            }

            if (IsConfig(key))
            {
                config = string.IsNullOrWhiteSpace(value) ? null : value;
                if (config is null)
                {
                    problems.Add("--config needs the name of a configuration file, e.g. --config /etc/numberdirectory/appsettings.json");
                }
                else if (!File.Exists(config))
                {
                    problems.Add($"--config {config}: no such file ({Path.GetFullPath(config)})");
                }
            }
            else if (value is null)
            {
                problems.Add($"{arg} needs a value");
            }
        }

        return new NodeCommandLine(options, Help: false, config, problems);
    }

    private static bool IsConfig(string key) => string.Equals(key, "config", StringComparison.OrdinalIgnoreCase);
}
