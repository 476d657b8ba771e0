using LiteDB;
using LiteDB.Engine;

namespace NumberDirectory.Server.Storage;

/// <summary>
/// The node's LiteDB file in its data directory, held exclusively through a lock file so two
/// nodes never share one directory. The file is checked on read-only streams before LiteDB opens it
/// for writing, so a damaged file is refused as it is, never cropped, flagged or rebuilt.
/// </summary>
public sealed class NodeDatabase : IDisposable
{
    /// <summary>The data file's name inside the data directory.</summary>
    public const string FileName = "numberdirectory.db";

    private const string LockFileName = "node.lock";

    private readonly FileStream _lock;

    private readonly Lazy<LiteDatabase> _database;

    private WriteGatedEngine? _engine;

    private NodeDatabase(string directory, FileStream lockFile, DataFileSummary summary)
    {
        Directory = directory;
        _lock = lockFile;
        Summary = summary;
        _database = new Lazy<LiteDatabase>(() => OpenForWriting(FilePath, out _engine));
    }

    /// <summary>The absolute data directory.</summary>
    public string Directory { get; }

    /// <summary>The data file's absolute path.</summary>
    public string FilePath => Path.Combine(Directory, FileName);

    /// <summary>What the file held when it was opened, checked before anything could write to it.</summary>
    public DataFileSummary Summary { get; }

    /// <summary>
    /// The database, opened for writing on first use: after the stored identity was judged, so a
    /// node that refuses its identity closes without LiteDB having opened the file for writing
    /// (closing would apply a pending log file).
    /// </summary>
    /// <exception cref="StorageException">The file cannot be opened for writing.</exception>
    internal LiteDatabase Database => _database.Value;

    // Depth of InOneTransaction calls in the current flow; flows with the call, never to other callers.
    private static readonly AsyncLocal<int> Deferring = new();

    /// <summary>
    /// Runs <paramref name="work"/> — many writes of one flow, on one thread — as one LiteDB transaction
    /// with one checkpoint at the end: a bulk import writes thousands of ranges, each with the ENUM zone
    /// serial and journal step it makes, and a commit and checkpoint per write (each flushed to disk) cost
    /// milliseconds per range. It is also all or nothing: a crash leaves the ranges of a batch and their
    /// zone steps together, or none of them. When <paramref name="work"/> throws, every write it made is
    /// rolled back; the stores' own transactions inside it join this one (<see cref="BeginOwn"/>).
    /// </summary>
    internal void InOneTransaction(Action work)
    {
        var database = Database;
        var own = database.BeginTrans();
        Deferring.Value++;
        var done = false;
        try
        {
            work();
            done = true;
        }
        finally
        {
            Deferring.Value--;
            if (own && done)
            {
                database.Commit();
                Checkpoint(database);
            }
            else if (own)
            {
                database.Rollback();
            }
        }
    }

    /// <summary>
    /// Begins a store's transaction, or joins the one this thread has open (<see cref="InOneTransaction"/>):
    /// true when the caller owns it and so commits or rolls it back; false when the outer one does.
    /// </summary>
    internal static bool BeginOwn(LiteDatabase database) => database.BeginTrans();

    /// <summary>Checkpoints after a write (LiteDB's log file into the data file), unless this flow is inside <see cref="InOneTransaction"/>, which checkpoints once at its end.</summary>
    internal static void Checkpoint(LiteDatabase database)
    {
        if (Deferring.Value == 0)
        {
            database.Checkpoint();
        }
    }

    /// <summary>Times the writes (<see cref="Write{T}"/>); the node's own clock once it is registered.</summary>
    internal TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>
    /// Observes each write through <see cref="Write{T}"/>: its collection, its outcome (<c>ok</c>,
    /// <c>failed</c>) and how long it took (numberdirectory_data_file_writes_total and
    /// numberdirectory_data_file_write_duration_seconds, README §Monitoring). Set by the node's metrics.
    /// </summary>
    internal Action<string, string, TimeSpan>? Written { get; set; }

    /// <summary>
    /// Runs one write of <paramref name="collection"/> (its checkpoint or commit included) and reports
    /// it to <see cref="Written"/>, failed ones too: a data file that stops taking writes shows as
    /// <c>outcome="failed"</c> before anything else notices.
    /// </summary>
    internal T Write<T>(string collection, Func<LiteDatabase, T> write)
    {
        var started = Time.GetTimestamp();
        T result;
        try
        {
            result = write(Database);
        }
        catch
        {
            Written?.Invoke(collection, "failed", Time.GetElapsedTime(started));
            throw;
        }

        Written?.Invoke(collection, "ok", Time.GetElapsedTime(started));
        return result;
    }

    /// <inheritdoc cref="Write{T}"/>
    internal void Write(string collection, Action<LiteDatabase> write) => Write(collection, database =>
    {
        write(database);
        return true;
    });

    /// <summary>
    /// Takes the data directory's lock and checks the data file in <paramref name="dataDirectory"/>
    /// (none there is a new node's); it is opened for writing (created when absent) on first use.
    /// </summary>
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
        try
        {
            return new NodeDatabase(directory, lockFile, DataFileCheck.Verify(Path.Combine(directory, FileName)));
        }
        catch
        {
            lockFile.Dispose();
            throw;
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

    /// <summary>
    /// Every document of <paramref name="collections"/> as one state of the data file: read while
    /// writes are held (up to <paramref name="wait"/> for those in progress to finish; null when they
    /// did not), so no write is half in it and none falls between two collections. Lookups go on.
    /// </summary>
    /// <remarks>docs/architecture.md §Backup and restore.</remarks>
    internal IReadOnlyDictionary<string, IReadOnlyList<BsonDocument>>? ReadSnapshot(IReadOnlyList<string> collections, TimeSpan wait)
    {
        var db = Database;
        using var hold = HoldWrites(wait);
        if (hold is null)
        {
            return null;
        }

        var documents = new Dictionary<string, IReadOnlyList<BsonDocument>>(StringComparer.Ordinal);
        foreach (var name in collections)
        {
            documents[name] = [.. db.GetCollection(name).FindAll()];
        }

        return documents;
    }

    /// <summary>
    /// Holds every write until the result is disposed, on the thread that took it (null when writes in
    /// progress did not finish within <paramref name="wait"/>); what <see cref="ReadSnapshot"/> reads under.
    /// </summary>
    internal IDisposable? HoldWrites(TimeSpan wait)
    {
        _ = Database;
        return _engine!.HoldWrites(wait);
    }

    /// <summary>Writes waiting for a hold to end now.</summary>
    internal int WaitingWrites => _engine?.WaitingWrites ?? 0;

    /// <summary>
    /// Takes the lock of <paramref name="directory"/> the way a node does, for an offline command that
    /// must not run beside a node (a restore).
    /// </summary>
    /// <exception cref="StorageException">A node holds it, or it cannot be written.</exception>
    internal static FileStream LockDirectory(string directory) => AcquireLock(directory);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_database.IsValueCreated)
        {
            _database.Value.Dispose();
        }

        _lock.Dispose();
    }

    private static LiteDatabase OpenForWriting(string file, out WriteGatedEngine engine)
    {
        try
        {
            // Upgrade and AutoRebuild off: LiteDB would otherwise rewrite an old or flagged file in place.
            var settings = new EngineSettings
            {
                Filename = file,
                Upgrade = false,
                AutoRebuild = false,
            };
            engine = new WriteGatedEngine(new LiteEngine(settings));
            return new LiteDatabase(engine);
        }
        catch (Exception ex) when (ex is LiteException or IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"the data file '{file}' was checked but cannot be opened for writing ({ex.Message.ReplaceLineEndings(" ")}): check its owner, its permissions and the free space on its disk", ex);
        }
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
