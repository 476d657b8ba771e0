using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Server.Storage;

/// <summary>
/// Keeps the node's EID: created once, then read back on every start. It changes only when the
/// administrator sets <c>Node:Id</c>; a stored identity that cannot be read stops the node instead.
/// </summary>
public sealed class IdentityStore(NodeDatabase database, TimeProvider timeProvider)
{
    /// <summary>The collection that holds the identity document.</summary>
    internal const string Collection = "identity";

    /// <summary>The identity document's id.</summary>
    internal const string Key = "node";

    /// <summary>
    /// Returns the stored EID. When none is stored, stores <paramref name="configured"/> if given,
    /// else a new random one from <paramref name="fill"/>. A configured EID that differs from the
    /// stored one replaces it (the administrator moved an identity on purpose).
    /// </summary>
    /// <exception cref="StorageException">
    /// No EID is configured, and the stored identity cannot be read, or is missing from a file that
    /// holds ranges or cached answers. Nothing was written.
    /// </exception>
    public NodeId GetOrCreate(NodeId? configured, Action<Span<byte>> fill)
    {
        // Judged from what the file held when it was checked, before it is opened for writing.
        var stored = database.Summary;
        if (configured is null)
        {
            if (stored.Identity is { } existing)
            {
                return existing;
            }

            if (stored.IdentityProblem is { } problem)
            {
                throw new StorageException($"the node identity stored in the data file '{database.FilePath}' cannot be read: {problem}. Nothing was written: restore the data file from a backup, or set Node:Id to this node's EID to store it again");
            }

            if (stored.HoldsData)
            {
                throw new StorageException($"the data file '{database.FilePath}' holds ranges or cached answers but no node identity. Nothing was written: restore it from a backup, or set Node:Id to this node's EID to store it");
            }
        }
        else if (stored.Identity == configured)
        {
            return configured.Value;
        }

        var id = configured ?? NodeId.NewRandom(fill);
        var document = new IdentityDocument { Id = Key, Eid = id.ToString(), CreatedUtc = timeProvider.GetUtcNow().UtcDateTime };
        database.Write(Collection, db => db.GetCollection<IdentityDocument>(Collection).Upsert(document));
        return id;
    }
}
