namespace NumberDirectory.Server.Dundi;

/// <summary>
/// <c>dundi-keygen --name nodea [--directory ./keys]</c>: makes an RSA-1024 pair for encrypted DUNDi
/// peering (<c>name.key</c>, mode 600, and <c>name.pub</c>), like Asterisk's <c>astgenkey -n</c>, and
/// prints the configuration lines that use it.
/// </summary>
/// <remarks>docs/protocols/dundi.md §Keys.</remarks>
public static class DundiKeygenCommand
{
    /// <summary>The verb, the first argument.</summary>
    public const string Verb = "dundi-keygen";

    /// <summary>The pair was written.</summary>
    public const int ExitWritten = 0;

    /// <summary>Bad arguments, or the files could not be written; nothing was overwritten.</summary>
    public const int ExitFailed = 2;

    private const string Usage = "usage: dundi-keygen --name <name> [--directory <dir>]   (default directory: ./keys)";

    private const string Help = $"""
        {Usage}

        Makes an RSA-1024 key pair for encrypted DUNDi peering, like Asterisk's astgenkey -n:
        <dir>/<name>.key (private, mode 600: set Dundi:PrivateKey to it) and <dir>/<name>.pub (public:
        give it to the peers). Existing files are never overwritten. A relative directory starts at the
        current directory; keep keys out of source trees (e.g. /var/lib/numberdirectory/keys).

        exit codes:
          0  the pair was written
          2  bad arguments, or the files exist or cannot be written
        """;

    /// <summary>True when <paramref name="args"/> ask for this command.</summary>
    public static bool Matches(string[] args) => args is [Verb, ..];

    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Skip(1).Any(a => a is "--help" or "-h"))
        {
            await stdout.WriteLineAsync(Help).ConfigureAwait(false);
            return ExitWritten;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i += 2)
        {
            if (args[i] is not ("--name" or "--directory") || i + 1 >= args.Length)
            {
                await stderr.WriteLineAsync($"{Verb}: unexpected '{args[i]}'{Environment.NewLine}{Usage}").ConfigureAwait(false);
                return ExitFailed;
            }

            values[args[i]] = args[i + 1];
        }

        if (!values.TryGetValue("--name", out var name) || string.IsNullOrWhiteSpace(name))
        {
            await stderr.WriteLineAsync($"{Verb}: --name is required{Environment.NewLine}{Usage}").ConfigureAwait(false);
            return ExitFailed;
        }

        DundiKeyPairFiles files;
        try
        {
            files = DundiKeyFile.GenerateKeyPair(Path.GetFullPath(values.GetValueOrDefault("--directory", "keys")), name);
        }
        catch (Exception ex) when (ex is DundiKeyException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"{Verb}: {ex.Message}").ConfigureAwait(false);
            return ExitFailed;
        }

        await stdout.WriteLineAsync(
            $"""
            Wrote {files.PrivateKeyPath} (private, mode 600: keep it on this node)
            Wrote {files.PublicKeyPath} (public: give it to the peers)

            This node's appsettings.json:
              "Dundi": {"{"} "PrivateKey": "{Json(files.PrivateKeyPath)}", ... {"}"}
            A NumberDirectory peer's entry for this node:
              {"{"} "Id": "<this node's EID>", "Host": "...", "InKey": "<its copy of {name}.pub>", ... {"}"}
            An Asterisk peer: copy {name}.pub to /var/lib/asterisk/keys/ and set inkey = {name} in this node's [EID] section of dundi.conf.
            """).ConfigureAwait(false);
        return ExitWritten;
    }

    private static string Json(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal);
}
