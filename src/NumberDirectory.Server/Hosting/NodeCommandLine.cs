namespace NumberDirectory.Server.Hosting;

/// <summary>
/// The node's own command line (<c>[run] [--config file] [--Section:Key value]…</c>), read before the
/// host reads it: the host's reader skips what it does not understand (a <c>--config</c> with no file, a
/// stray word), which would start the node on the defaults.
/// </summary>
internal sealed record NodeCommandLine(string[] Options, string? ConfigFile, IReadOnlyList<string> Problems)
{
    /// <summary>The verb that runs the node, optional.</summary>
    public const string RunVerb = "run";

    public static NodeCommandLine Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = args is [RunVerb, .. var rest] ? rest : args;
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

        return new NodeCommandLine(options, config, problems);
    }

    private static bool IsConfig(string key) => string.Equals(key, "config", StringComparison.OrdinalIgnoreCase);
}
