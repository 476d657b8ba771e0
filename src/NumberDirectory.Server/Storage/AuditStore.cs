using LiteDB;

namespace NumberDirectory.Server.Storage;

/// <summary>
/// The audit log in the data file, bounded in count and age: each write drops what falls outside the
/// bound in the same transaction, so the collection never grows past it (README "Audit log").
/// </summary>
public sealed class AuditStore(NodeDatabase database)
{
    /// <summary>The collection of audit entries.</summary>
    internal const string Collection = "audit";

    private ILiteCollection<AuditDocument> Entries
    {
        get
        {
            var entries = database.Database.GetCollection<AuditDocument>(Collection, BsonAutoId.Int64);
            entries.EnsureIndex(e => e.TimeUtc);
            return entries;
        }
    }

    /// <summary>
    /// Appends <paramref name="entries"/> in one transaction, then keeps the newest <paramref name="maxEntries"/>
    /// and none older than <paramref name="oldestUtc"/> (null: no age limit).
    /// </summary>
    public void Append(IReadOnlyCollection<AuditDocument> entries, int maxEntries, DateTime? oldestUtc)
    {
        ArgumentNullException.ThrowIfNull(entries);
        database.Write(Collection, db =>
        {
            var own = NodeDatabase.BeginOwn(db);
            try
            {
                var collection = db.GetCollection<AuditDocument>(Collection, BsonAutoId.Int64);
                collection.EnsureIndex(e => e.TimeUtc);
                collection.InsertBulk(entries);

                // Ids are given one after the other and only the oldest are deleted, so the ids kept form one
                // run ending at the newest: those at or below newest - max are the surplus.
                var newest = collection.Max(e => e.Id);
                var cut = newest - maxEntries;
                if (cut > 0)
                {
                    collection.DeleteMany(e => e.Id <= cut);
                }

                if (oldestUtc is { } oldest)
                {
                    collection.DeleteMany(e => e.TimeUtc < oldest);
                }

                if (own)
                {
                    db.Commit();
                }
            }
            catch
            {
                if (own)
                {
                    db.Rollback();
                }

                throw;
            }
        });
    }

    /// <summary>The entries matching <paramref name="query"/>, newest first, and how many match without the paging position and limit.</summary>
    public (IReadOnlyList<AuditDocument> Entries, int Total) Find(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filters = new List<BsonExpression>();
        if (query.Since is { } since)
        {
            filters.Add(Query.GTE(nameof(AuditDocument.TimeUtc), since));
        }

        if (!string.IsNullOrEmpty(query.Actor))
        {
            filters.Add(Query.EQ(nameof(AuditDocument.Actor), query.Actor));
        }

        if (!string.IsNullOrEmpty(query.Action))
        {
            filters.Add(Query.EQ(nameof(AuditDocument.Action), query.Action));
        }

        if (!string.IsNullOrEmpty(query.ObjectPrefix))
        {
            filters.Add(Query.StartsWith(nameof(AuditDocument.Subject), query.ObjectPrefix));
        }

        var collection = Entries;
        var total = filters.Count == 0 ? collection.Count() : collection.Count(Combine(filters));
        if (query.Before is { } before)
        {
            filters.Add(Query.LT("_id", before));
        }

        var page = (filters.Count == 0 ? collection.Query() : collection.Query().Where(Combine(filters)))
            .OrderByDescending(e => e.Id).Limit(query.Limit).ToList();
        return (page, total);
    }

    private static BsonExpression Combine(List<BsonExpression> filters) => filters.Count == 1 ? filters[0] : Query.And([.. filters]);
}
