using System.Globalization;
using LiteDB;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Backup;

/// <summary>
/// <c>restore &lt;backup&gt; --data &lt;dir&gt; [--force]</c> and <c>restore --check &lt;backup&gt;</c>: puts a
/// backup (taken with <c>numdir backup</c>) in place as a stopped node's data file. The whole backup is
/// checked first; the new data file is written beside the old one, checked as a node checks its file
/// at start, and only then renamed into place, so a backup that cannot be used leaves the data
/// directory as it was. An offline command of the node's own executable, not of numdir: it needs the
/// data directory's lock and the node's storage code, and numdir only talks to a running node.
/// </summary>
/// <remarks>README §Backup and restore; docs/architecture.md §Backup and restore.</remarks>
internal static class RestoreCommand
{
    /// <summary>The verb, the first argument.</summary>
    public const string Verb = "restore";

    /// <summary>Restored, or (with --check) the backup is good.</summary>
    public const int ExitRestored = 0;

    /// <summary>Bad arguments, an unusable backup, or a data directory that cannot take it; nothing was changed.</summary>
    public const int ExitRefused = 2;

    private const string TempName = "numberdirectory.restoring.db";

    private const string Usage = "usage: restore <backup-file> --data <data-directory> [--force]\n       restore --check <backup-file>";

    private const string Help = $"""
        {Usage}

        Puts a backup taken with 'numdir backup' in place as the data file of a STOPPED node: stop the
        node, restore, start it. The whole backup is checked first (its checksum, its format, every
        document); the new data file is written beside the old one, checked, and only then renamed into
        place. A node running on the directory is refused (its lock file tells).
          --data <dir>   the node's data directory (Node:DataDirectory)
          --force        replace the data file that is there; it is kept beside as
                         numberdirectory.db.replaced-<time> (with its log file, if there is one)
          --check        only check the backup and print what it holds; nothing is written

        exit codes:
          0  restored (or, with --check, the backup is good)
          2  bad arguments, an unusable backup, or a data directory that cannot take it: nothing was changed
        """;

    /// <summary>True when <paramref name="args"/> ask for this command.</summary>
    public static bool Matches(string[] args) => args is [Verb, ..];

    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(time);
        if (args.Skip(1).Any(a => a is "--help" or "-h"))
        {
            await stdout.WriteLineAsync(Help).ConfigureAwait(false);
            return ExitRestored;
        }

        string? backup = null, data = null;
        bool check = false, force = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--check":
                    check = true;
                    break;
                case "--force":
                    force = true;
                    break;
                case "--data" when i + 1 < args.Length:
                    data = args[++i];
                    break;
                case var file when !file.StartsWith('-') && backup is null:
                    backup = file;
                    break;
                default:
                    await stderr.WriteLineAsync($"{Verb}: unexpected '{args[i]}'{Environment.NewLine}{Usage}").ConfigureAwait(false);
                    return ExitRefused;
            }
        }

        if (backup is null || (data is null) != check || (check && force))
        {
            var missing = backup is null ? "the backup file is required" : check ? "--check takes only the backup file" : "--data is required";
            await stderr.WriteLineAsync($"{Verb}: {missing}{Environment.NewLine}{Usage}").ConfigureAwait(false);
            return ExitRefused;
        }

        try
        {
            var content = Read(backup);
            if (check)
            {
                await stdout.WriteAsync($"the backup '{backup}' is good and can be restored:{Environment.NewLine}{BackupText.Describe(content)}").ConfigureAwait(false);
                return ExitRestored;
            }

            var replaced = Restore(content, Path.GetFullPath(data!), force, time.GetUtcNow());
            await stdout.WriteAsync($"restored '{backup}' into '{Path.GetFullPath(data!)}':{Environment.NewLine}{BackupText.Describe(content)}").ConfigureAwait(false);
            if (replaced is not null)
            {
                await stdout.WriteLineAsync($"the data file it replaced is kept as '{replaced}'").ConfigureAwait(false);
            }

            await stdout.WriteLineAsync("start the node on this data directory now").ConfigureAwait(false);
            return ExitRestored;
        }
        catch (Exception ex) when (ex is BackupException or StorageException)
        {
            await stderr.WriteLineAsync($"{Verb}: {ex.Message}").ConfigureAwait(false);
            return ExitRefused;
        }
    }

    private static BackupContent Read(string backup)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(backup);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BackupException($"cannot read the backup '{backup}': {ex.Message}", ex);
        }

        var content = BackupCodec.Decode(bytes, backup);
        var problems = BackupContentValidator.Problems(content);
        return problems.Count == 0
            ? content
            : throw new BackupException($"the backup '{backup}' cannot be used: {string.Join("; ", problems)}. Nothing was changed");
    }

    // Returns where the replaced data file was put, if there was one.
    private static string? Restore(BackupContent content, string directory, bool force, DateTimeOffset now)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BackupException($"cannot create the data directory '{directory}': {ex.Message}. Nothing was changed", ex);
        }

        using var directoryLock = NodeDatabase.LockDirectory(directory);
        var target = Path.Combine(directory, NodeDatabase.FileName);
        var targetLog = DataFileCheck.LogFile(target);
        var occupied = File.Exists(target) || File.Exists(targetLog);
        if (occupied && !force)
        {
            throw new BackupException($"the data directory '{directory}' holds a data file already; nothing was changed. Give --force to replace it (it is kept beside as {NodeDatabase.FileName}.replaced-<time>)");
        }

        var temp = Path.Combine(directory, TempName);
        try
        {
            Write(content, temp);
            Check(content, temp);
            if (!occupied)
            {
                File.Move(temp, target);
                return null;
            }

            var suffix = ".replaced-" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            if (File.Exists(targetLog))
            {
                // LiteDB would apply the old file's pending log pages to the restored one.
                File.Move(targetLog, targetLog + suffix);
            }

            if (File.Exists(target))
            {
                File.Move(target, target + suffix);
            }

            File.Move(temp, target);
            return target + suffix;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LiteException)
        {
            throw new BackupException($"cannot write the restored data file in '{directory}': {ex.Message.ReplaceLineEndings(" ")}. The data file there was not changed", ex);
        }
        finally
        {
            File.Delete(temp);
            File.Delete(DataFileCheck.LogFile(temp));
        }
    }

    private static void Write(BackupContent content, string file)
    {
        // Left over by a restore that was stopped: ours by its name.
        File.Delete(file);
        File.Delete(DataFileCheck.LogFile(file));
        using (var db = new LiteDatabase(new ConnectionString { Filename = file, Connection = ConnectionType.Direct }))
        {
            foreach (var (collection, _) in content.Header.Counts)
            {
                if (content.Of(collection) is { Count: > 0 } documents)
                {
                    db.GetCollection(collection).InsertBulk(documents);
                }
            }

            db.Checkpoint();
        }

        using var written = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        written.Flush(flushToDisk: true);
    }

    // The new file as the node will see it at start, and the same documents as the backup.
    private static void Check(BackupContent content, string file)
    {
        if (File.Exists(DataFileCheck.LogFile(file)))
        {
            throw new IOException($"the database library left a log file beside '{file}'");
        }

        var summary = DataFileCheck.Verify(file);
        if (summary.Identity?.ToString() != content.Header.NodeEid)
        {
            throw new IOException($"the restored file holds the identity {summary.Identity?.ToString() ?? "(none)"}, not {content.Header.NodeEid}");
        }

        using var db = new LiteDatabase(new ConnectionString { Filename = file, Connection = ConnectionType.Direct, ReadOnly = true });
        foreach (var (collection, count) in content.Header.Counts)
        {
            var stored = db.GetCollection(collection).Count();
            if (stored != count)
            {
                throw new IOException($"the restored file holds {stored} documents in '{collection}', not the backup's {count}");
            }
        }
    }
}
