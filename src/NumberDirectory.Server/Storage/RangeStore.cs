using LiteDB;
using NumberDirectory.Core.Ranges;

namespace NumberDirectory.Server.Storage;

/// <summary>
/// Runtime ranges (added through the admin API) in the data file. Each write is committed before
/// the call returns, so an acknowledged range survives a crash or restart.
/// </summary>
public sealed class RangeStore(NodeDatabase database, TimeProvider timeProvider)
{
    /// <summary>The collection of runtime ranges.</summary>
    internal const string Collection = "ranges";

    private ILiteCollection<RangeDocument> Ranges => database.Database.GetCollection<RangeDocument>(Collection);

    /// <summary>Every stored range, as written (validated again by the caller).</summary>
    public IReadOnlyList<RangeDocument> LoadAll() => [.. Ranges.FindAll()];

    /// <summary>Stores <paramref name="range"/>, replacing a stored range with the same context and pattern.</summary>
    public void Save(PublishedRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        var document = ToDocument(range);
        database.Write(Collection, db =>
        {
            db.GetCollection<RangeDocument>(Collection).Upsert(document);
            NodeDatabase.Checkpoint(db);
        });
    }

    /// <summary>Stores <paramref name="ranges"/> in one transaction: all of them or, on failure, none.</summary>
    public void SaveAll(IReadOnlyCollection<PublishedRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        database.Write(Collection, db =>
        {
            var own = NodeDatabase.BeginOwn(db);
            try
            {
                db.GetCollection<RangeDocument>(Collection).Upsert(ranges.Select(ToDocument));
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

            NodeDatabase.Checkpoint(db);
        });
    }

    /// <summary>Stores <paramref name="ranges"/> as they were and deletes <paramref name="deleted"/> (keys), in one transaction: an import taken back.</summary>
    public void Restore(IReadOnlyCollection<PublishedRange> ranges, IReadOnlyCollection<string> deleted)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        ArgumentNullException.ThrowIfNull(deleted);
        database.Write(Collection, db =>
        {
            var collection = db.GetCollection<RangeDocument>(Collection);
            var own = NodeDatabase.BeginOwn(db);
            try
            {
                collection.Upsert(ranges.Select(ToDocument));
                foreach (var key in deleted)
                {
                    collection.Delete(key);
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

            NodeDatabase.Checkpoint(db);
        });
    }

    /// <summary>Runs <paramref name="work"/>, this flow's writes, as one transaction (<see cref="NodeDatabase.InOneTransaction"/>).</summary>
    internal void InOneTransaction(Action work) => database.InOneTransaction(work);

    /// <summary>Deletes the stored range with this key (<c>context/pattern</c>); false when there was none.</summary>
    public bool Delete(string key)
    {
        return database.Write(Collection, db =>
        {
            var deleted = db.GetCollection<RangeDocument>(Collection).Delete(key);
            NodeDatabase.Checkpoint(db);
            return deleted;
        });
    }

    /// <summary>Turns a stored document back into a definition to validate.</summary>
    public static RangeDefinition ToDefinition(RangeDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new RangeDefinition(
            document.Context,
            document.Pattern,
            [.. document.Routes.Select(r => new RouteDefinition(r.Uri, r.Weight, r.Flags)
            {
                NaptrService = r.NaptrService,
                NaptrOrder = r.NaptrOrder,
                NaptrPreference = r.NaptrPreference,
            })])
        {
            Merge = document.Merge,
            Description = document.Description,
            DisplayName = document.DisplayName,
        };
    }

    private RangeDocument ToDocument(PublishedRange range) => new()
    {
        Id = range.Key,
        Context = range.Context,
        Pattern = range.Pattern.Text,
        Merge = range.Merge,
        Description = range.Description,
        DisplayName = range.DisplayName,
        CreatedUtc = timeProvider.GetUtcNow().UtcDateTime,
        Routes = [.. range.Routes.Select(r => new RouteDocument
        {
            Uri = r.Template.Text,
            Weight = r.Weight,
            Flags = [.. RangeDefinition.RouteFlagNames.Where(n => r.Flags.HasFlag(Enum.Parse<Core.Routes.RouteFlags>(n)))],
            NaptrService = r.Naptr?.Service,
            NaptrOrder = r.Naptr?.Order,
            NaptrPreference = r.Naptr?.Preference,
        })],
    };
}
