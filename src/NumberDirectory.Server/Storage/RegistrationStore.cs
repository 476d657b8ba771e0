using System.Net;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Server.Storage;

/// <summary>
/// Keeps the registrations of dynamic peers in the data file, so a node that restarts still reaches
/// them until they lapse, as Asterisk keeps its registrations in its database — rather than being
/// unable to ask them until each registers again, up to a minute later.
/// </summary>
public sealed class RegistrationStore(NodeDatabase database)
{
    internal const string Collection = "registrations";

    /// <summary>Replaces what is kept with <paramref name="registrations"/>, in one transaction.</summary>
    public void Save(IEnumerable<(NodeId Peer, IPEndPoint Address, DateTimeOffset Until)> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        database.Write(Collection, db =>
        {
            db.BeginTrans();
            try
            {
                var collection = db.GetCollection<RegistrationDocument>(Collection);
                collection.DeleteAll();
                collection.InsertBulk(registrations.Select(r => new RegistrationDocument
                {
                    Id = r.Peer.ToString(),
                    Address = r.Address.Address.ToString(),
                    Port = r.Address.Port,
                    UntilUtc = r.Until.UtcDateTime,
                }));
                db.Commit();
            }
            catch
            {
                db.Rollback();
                throw;
            }
        });
    }

    /// <summary>What was kept; a document that no longer reads back is skipped.</summary>
    public IReadOnlyList<(NodeId Peer, IPEndPoint Address, DateTimeOffset Until)> Load()
    {
        var registrations = new List<(NodeId, IPEndPoint, DateTimeOffset)>();
        foreach (var document in database.Database.GetCollection<RegistrationDocument>(Collection).FindAll())
        {
            if (NodeId.TryParse(document.Id, out var peer) && IPAddress.TryParse(document.Address, out var address) && document.Port is > 0 and <= 65535)
            {
                registrations.Add((peer, new IPEndPoint(address, document.Port), new DateTimeOffset(DateTime.SpecifyKind(document.UntilUtc, DateTimeKind.Utc))));
            }
        }

        return registrations;
    }
}
