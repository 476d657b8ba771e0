using System.Collections.Immutable;
using System.Globalization;
using NumberDirectory.Core.EnumZones;
using NumberDirectory.Core.Routes;
using NumberDirectory.Server.EnumDns;

namespace NumberDirectory.Server.Storage;

/// <summary>
/// The ENUM zones' recent history in the data file, for IXFR: a bounded number of steps and names, the
/// oldest dropped first, and the whole of it dropped when a step is unknown (a change too large to
/// keep, configured ranges changed while the node was down). A secondary further behind than what is
/// kept gets the whole zone instead. Kept in memory as well, loaded once.
/// </summary>
/// <remarks>RFC 1995 §4 and §5 (the server may fall back to a full transfer); docs/protocols/enum.md §Zone transfer.</remarks>
internal sealed class ZoneJournalStore : IEnumZoneJournal
{
    /// <summary>The collection holding the steps.</summary>
    internal const string Collection = "zone_journal";

    /// <summary>Steps kept at most.</summary>
    public const int MaxSteps = 256;

    /// <summary>Names kept at most over all steps; also the largest step kept.</summary>
    public const int MaxNames = 100_000;

    private readonly NodeDatabase _database;
    private readonly Lock _lock = new();
    private readonly List<(long Id, EnumZoneDelta Delta, int Names)> _steps = [];
    private int _names;

    public ZoneJournalStore(NodeDatabase database)
    {
        _database = database;
        foreach (var document in Documents().FindAll().OrderBy(d => d.Id))
        {
            var delta = ToDelta(document);
            var names = delta.Deleted.Length + delta.Added.Length;
            _steps.Add((document.Id, delta, names));
            _names += names;
        }
    }

    /// <summary>Steps kept now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _steps.Count;
            }
        }
    }

    public IReadOnlyList<EnumZoneDelta>? Since(uint serial, uint current)
    {
        lock (_lock)
        {
            var first = _steps.FindIndex(s => s.Delta.From == serial);
            if (first < 0)
            {
                return null;
            }

            var chain = new List<EnumZoneDelta>();
            var at = serial;
            for (var i = first; i < _steps.Count; i++)
            {
                var step = _steps[i].Delta;
                if (step.From != at)
                {
                    return null;
                }

                chain.Add(step);
                at = step.To;
                if (at == current)
                {
                    return chain;
                }
            }

            return null;
        }
    }

    /// <summary>Appends a step, committed before it returns, and drops the oldest past the bounds.</summary>
    public void Append(EnumZoneDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        lock (_lock)
        {
            var names = delta.Deleted.Length + delta.Added.Length;
            var id = _steps.Count > 0 ? _steps[^1].Id + 1 : 1;
            _database.Write(Collection, db =>
            {
                var collection = db.GetCollection<ZoneJournalDocument>(Collection);
                collection.Insert(ToDocument(id, delta));
                _steps.Add((id, delta, names));
                _names += names;
                while (_steps.Count > MaxSteps || (_names > MaxNames && _steps.Count > 1))
                {
                    collection.Delete(_steps[0].Id);
                    _names -= _steps[0].Names;
                    _steps.RemoveAt(0);
                }

                NodeDatabase.Checkpoint(db);
            });
        }
    }

    /// <summary>Forgets every step: what comes next starts a new history.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _database.Write(Collection, db =>
            {
                db.GetCollection<ZoneJournalDocument>(Collection).DeleteAll();
                _steps.Clear();
                _names = 0;
                NodeDatabase.Checkpoint(db);
            });
        }
    }

    private LiteDB.ILiteCollection<ZoneJournalDocument> Documents() => _database.Database.GetCollection<ZoneJournalDocument>(Collection);

    private static ZoneJournalDocument ToDocument(long id, EnumZoneDelta delta) => new()
    {
        Id = id,
        From = delta.From,
        To = delta.To,
        Context = delta.Context,
        Deleted = [.. delta.Deleted.Select(ToDocument)],
        Added = [.. delta.Added.Select(ToDocument)],
    };

    private static ZoneJournalName ToDocument(EnumZoneName name) => new()
    {
        Owner = name.Owner,
        Naptr = [.. name.Naptr.Select(n => new[] { n.Order.ToString(CultureInfo.InvariantCulture), n.Preference.ToString(CultureInfo.InvariantCulture), n.Flags, n.Services, n.Regexp, n.Replacement })],
        Text = name.Text,
    };

    private static EnumZoneDelta ToDelta(ZoneJournalDocument document) =>
        new((uint)document.From, (uint)document.To, document.Context, [.. document.Deleted.Select(ToName)], [.. document.Added.Select(ToName)]);

    private static EnumZoneName ToName(ZoneJournalName name) => new(
        name.Owner,
        [.. name.Naptr.Where(n => n.Length == 6).Select(n => new NaptrRecordData(ushort.Parse(n[0], CultureInfo.InvariantCulture), ushort.Parse(n[1], CultureInfo.InvariantCulture), n[2], n[3], n[4], n[5]))],
        name.Text);
}
