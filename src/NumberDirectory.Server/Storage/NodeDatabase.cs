using LiteDB;

namespace NumberDirectory.Server.Storage;

/// <summary>
/// The node's LiteDB file in its data directory, held exclusively through a lock file so two
/// nodes never share one directory. Opening never rewrites a file it cannot read.
/// </summary>
public sealed class NodeDatabase : IDisposable
{
    /// <summary>The data file's name inside the data directory.</summary>
    public const string FileName = "numberdirectory.db";

    private const string LockFileName = "node.lock";

    private readonly FileStream _lock;

    private NodeDatabase(string directory, FileStream lockFile, LiteDatabase database)
    {
        Directory = directory;
        _lock = lockFile;
        Database = database;
    }

    /// <summary>The absolute data directory.</summary>
    public string Directory { get; }

    /// <summary>The data file's absolute path.</summary>
    public string FilePath => Path.Combine(Directory, FileName);

    internal LiteDatabase Database { get; }

    /// <summary>Opens (creating when absent) the data file in <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="StorageException">The directory or file cannot be used; the message says why.</exception>
    public static NodeDatabase Open(string dataDirectory)
    {
        var directory = Path.GetFullPath(dataDirectory);
        try
        {
            System.IO.Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"Node:DataDirectory: cannot create '{directory}': {ex.Message}", ex);
        }

        var lockFile = AcquireLock(directory);
        var file = Path.Combine(directory, FileName);
        try
        {
            var connection = new ConnectionString
            {
                Filename = file,
                Connection = ConnectionType.Direct,
                Upgrade = false,
                AutoRebuild = false,
            };
            var database = new LiteDatabase(connection);

            // LiteDB reads lazily; touching the collection list reads the header and pages now, so a
            // damaged file fails here, at startup, instead of on the first call.
            _ = database.GetCollectionNames().ToList();
            return new NodeDatabase(directory, lockFile, database);
        }
        catch (Exception ex) when (ex is LiteException or IOException or InvalidCastException or ArgumentException or InvalidOperationException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            lockFile.Dispose();
            throw new StorageException(
                $"the data file '{file}' cannot be opened ({ex.Message}). It was left untouched: restore it from a backup, or move it aside to start this node with an empty data directory.",
                ex);
        }
    }

    /// <summary>
    /// True when the data file is still where it was opened and both it and its directory (where
    /// LiteDB keeps its log file) take writes now; otherwise <paramref name="problem"/> says why.
    /// Nothing in the data file changes: it is opened for writing and closed, and a one-byte probe
    /// file is written to the directory and deleted.
    /// </summary>
    public bool CanWrite(out string problem)
    {
        try
        {
            using (new FileStream(FilePath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            {
            }

            var probe = Path.Combine(Directory, $".write-check-{Guid.NewGuid():N}");
            using (var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
                stream.WriteByte(0);
                stream.Flush(flushToDisk: false);
            }

            problem = string.Empty;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = ex.Message;
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Database.Dispose();
        _lock.Dispose();
    }

    private static FileStream AcquireLock(string directory)
    {
        var path = Path.Combine(directory, LockFileName);
        try
        {
            // FileShare.None takes an exclusive lock that a second node (or a second host in this
            // process) cannot get until this one is disposed.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new StorageException(
                $"the data directory '{directory}' is in use by another NumberDirectory node ('{path}' is locked); stop that node or give this one its own Node:DataDirectory",
                ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new StorageException($"Node:DataDirectory: cannot write '{path}': {ex.Message}", ex);
        }
    }
}
