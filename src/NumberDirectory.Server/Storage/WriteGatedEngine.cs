using LiteDB;
using LiteDB.Engine;

namespace NumberDirectory.Server.Storage;

/// <summary>
/// The node's LiteDB engine with one gate in front of every write: each write (a single call, or an
/// explicit transaction from <c>BeginTrans</c> to its <c>Commit</c> or <c>Rollback</c>) passes it
/// shared, so writes never wait for each other here; <see cref="HoldWrites"/> closes it, so that a
/// backup reads every collection with no write half done and none in between. Reads never pass it,
/// and the lookup doors read no storage at all, so a backup never stalls an answer.
/// </summary>
/// <remarks>
/// LiteDB 5 has no online backup, and its own snapshots are taken per collection, not over the whole
/// file: the gate is what makes a backup one state of the data file (docs/architecture.md §Backup and restore).
/// </remarks>
internal sealed class WriteGatedEngine(ILiteEngine inner) : ILiteEngine
{
    // Recursion: a write inside an explicit transaction passes the gate the transaction already holds.
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.SupportsRecursion);

    // LiteDB binds a transaction to its thread; so does the gate's shared hold.
    private readonly ThreadLocal<bool> _inTransaction = new();

    /// <summary>
    /// Waits up to <paramref name="wait"/> for writes in progress to finish and keeps new ones waiting
    /// until the result is disposed; null when they did not finish in time. Dispose it on the thread
    /// that took it.
    /// </summary>
    public IDisposable? HoldWrites(TimeSpan wait) => _gate.TryEnterWriteLock(wait) ? new Hold(_gate) : null;

    /// <summary>Writes waiting at the gate now.</summary>
    public int WaitingWrites => _gate.WaitingReadCount;

    public bool BeginTrans()
    {
        _gate.EnterReadLock();
        var begun = false;
        try
        {
            begun = inner.BeginTrans();
        }
        finally
        {
            if (begun && !_inTransaction.Value)
            {
                _inTransaction.Value = true;
            }
            else
            {
                _gate.ExitReadLock();
            }
        }

        return begun;
    }

    public bool Commit()
    {
        try
        {
            return inner.Commit();
        }
        finally
        {
            EndTransaction();
        }
    }

    public bool Rollback()
    {
        try
        {
            return inner.Rollback();
        }
        finally
        {
            EndTransaction();
        }
    }

    public int Checkpoint() => inner.Checkpoint();

    public long Rebuild(RebuildOptions options) => Write(() => inner.Rebuild(options));

    public IBsonDataReader Query(string collection, Query query) => inner.Query(collection, query);

    public int Insert(string collection, IEnumerable<BsonDocument> docs, BsonAutoId autoId) => Write(() => inner.Insert(collection, docs, autoId));

    public int Update(string collection, IEnumerable<BsonDocument> docs) => Write(() => inner.Update(collection, docs));

    public int UpdateMany(string collection, BsonExpression transform, BsonExpression predicate) => Write(() => inner.UpdateMany(collection, transform, predicate));

    public int Upsert(string collection, IEnumerable<BsonDocument> docs, BsonAutoId autoId) => Write(() => inner.Upsert(collection, docs, autoId));

    public int Delete(string collection, IEnumerable<BsonValue> ids) => Write(() => inner.Delete(collection, ids));

    public int DeleteMany(string collection, BsonExpression predicate) => Write(() => inner.DeleteMany(collection, predicate));

    public bool DropCollection(string name) => Write(() => inner.DropCollection(name));

    public bool RenameCollection(string name, string newName) => Write(() => inner.RenameCollection(name, newName));

    public bool EnsureIndex(string collection, string name, BsonExpression expression, bool unique) => Write(() => inner.EnsureIndex(collection, name, expression, unique));

    public bool DropIndex(string collection, string name) => Write(() => inner.DropIndex(collection, name));

    public BsonValue Pragma(string name) => inner.Pragma(name);

    public bool Pragma(string name, BsonValue value) => Write(() => inner.Pragma(name, value));

    // Only the engine is closed: the gate and the thread-local stay usable, so a write that races the
    // close (a snapshot saved at stop, a disk gone) fails in LiteDB with its LiteException, which the
    // stores' callers handle, not with an ObjectDisposedException from the gate. Neither holds anything
    // the garbage collector does not free.
    public void Dispose() => inner.Dispose();

    private T Write<T>(Func<T> write)
    {
        _gate.EnterReadLock();
        try
        {
            return write();
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    private void EndTransaction()
    {
        if (_inTransaction.Value)
        {
            _inTransaction.Value = false;
            _gate.ExitReadLock();
        }
    }

    private sealed class Hold(ReaderWriterLockSlim gate) : IDisposable
    {
        public void Dispose() => gate.ExitWriteLock();
    }
}
