using LiteDB;
using NumberDirectory.Server.Dundi;

namespace NumberDirectory.Server.Storage;

/// <summary>
/// Runtime peers (added through the admin API) in the data file. Each write is committed before the
/// call returns, so an acknowledged peer survives a crash or restart, and a removed one stays removed.
/// </summary>
public sealed class PeerStore(NodeDatabase database, TimeProvider timeProvider)
{
    /// <summary>The collection of runtime peers.</summary>
    internal const string Collection = "peers";

    private ILiteCollection<PeerDocument> Peers => database.Database.GetCollection<PeerDocument>(Collection);

    /// <summary>Every stored peer, as written (validated again by the caller).</summary>
    public IReadOnlyList<PeerDocument> LoadAll() => [.. Peers.FindAll()];

    /// <summary>Stores <paramref name="peer"/> (valid settings, its EID in canonical form), replacing a stored peer with the same EID.</summary>
    public void Save(DundiPeerOptions peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var document = new PeerDocument
        {
            Id = peer.Id,
            Host = peer.Host,
            Port = peer.Port,
            Model = peer.Model,
            Include = [.. peer.Include],
            Permit = [.. peer.Permit],
            Order = peer.Order,
            Qualify = peer.Qualify,
            QualifyMaxMs = peer.QualifyMaxMs,
            Register = peer.Register,
            Precache = peer.Precache,
            InKey = peer.InKey,
            ChangedUtc = timeProvider.GetUtcNow().UtcDateTime,
        };
        database.Write(Collection, db =>
        {
            db.GetCollection<PeerDocument>(Collection).Upsert(document);
            NodeDatabase.Checkpoint(db);
        });
    }

    /// <summary>Deletes the stored peer with this EID (canonical text); false when there was none.</summary>
    public bool Delete(string id)
    {
        return database.Write(Collection, db =>
        {
            var deleted = db.GetCollection<PeerDocument>(Collection).Delete(id);
            NodeDatabase.Checkpoint(db);
            return deleted;
        });
    }

    /// <summary>Turns a stored document back into settings to validate.</summary>
    public static DundiPeerOptions ToOptions(PeerDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new DundiPeerOptions
        {
            Id = document.Id,
            Host = document.Host,
            Port = document.Port,
            Model = document.Model,
            Include = [.. document.Include ?? []],
            Permit = [.. document.Permit ?? []],
            Order = document.Order,
            Qualify = document.Qualify,
            QualifyMaxMs = document.QualifyMaxMs,
            Register = document.Register,
            Precache = document.Precache,
            InKey = document.InKey ?? string.Empty,
        };
    }
}
