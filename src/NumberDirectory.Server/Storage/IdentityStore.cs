using LiteDB;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Server.Storage;

/// <summary>Keeps the node's EID: created once, then read back on every start.</summary>
public sealed class IdentityStore(NodeDatabase database, TimeProvider timeProvider)
{
    private const string Collection = "identity";
    private const string Key = "node";

    /// <summary>
    /// Returns the stored EID. When none is stored, stores <paramref name="configured"/> if given,
    /// else a new random one from <paramref name="fill"/>. A configured EID that differs from the
    /// stored one replaces it (the administrator moved an identity on purpose).
    /// </summary>
    public NodeId GetOrCreate(NodeId? configured, Action<Span<byte>> fill)
    {
        var collection = database.Database.GetCollection<IdentityDocument>(Collection);
        var stored = collection.FindById(Key);
        if (stored is not null && NodeId.TryParse(stored.Eid, out var existing) && (configured is null || configured == existing))
        {
            return existing;
        }

        var id = configured ?? NodeId.NewRandom(fill);
        collection.Upsert(new IdentityDocument { Id = Key, Eid = id.ToString(), CreatedUtc = timeProvider.GetUtcNow().UtcDateTime });
        return id;
    }
}
