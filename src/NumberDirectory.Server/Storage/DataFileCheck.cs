using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using LiteDB;
using LiteDB.Engine;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Server.Storage;

/// <summary>
/// Reads a data file (and LiteDB's log file beside it) through read-only streams before the node
/// opens it for writing, and refuses a damaged one. LiteDB must never see a damaged file through a
/// writable stream: it crops a file that is not a whole number of pages, turns a file shorter than
/// a page into a new empty database, and writes an "invalid" flag into the header when a read fails.
/// </summary>
/// <remarks>
/// What is checked and why: docs/architecture.md §Storage. Cost, measured on a 2-core machine that was building other projects, with the file in the page
/// cache: a file of 137 MB (100,000 runtime ranges, 60,000 cached answers, after three cache
/// snapshots had replaced each other) took 2.0 to 3.4 s to check (the page walk 0.3 s, the free
/// page lists 0.1 s, the ranges 1.1 s, the cached answers 0.5 s), against 10 to 13 s for the node's
/// own start on that file. A node's usual file of a few pages is checked in under a millisecond
/// (60 ms for the first check in a process, most of it compiling LiteDB's document mapping, which
/// the node's start needs anyway).
/// </remarks>
internal static partial class DataFileCheck
{
    /// <summary>LiteDB 5's page size; a data file is a whole number of pages.</summary>
    public const int PageSize = 8192;

    // LiteDB 5's header page (page 0, LiteDB.Engine.HeaderPage): a fixed text, the file format
    // version, the last page allocated and the flag LiteDB sets when it closes on an error.
    private const int HeaderInfoOffset = 32;
    private const string HeaderInfo = "** This is a LiteDB file **";
    private const int FileVersionOffset = 59;
    private const byte FileVersion = 8;
    private const int LastPageIdOffset = 64;
    private const int InvalidStateOffset = 191;

    // Every page's own header (LiteDB.Engine.BasePage): its number, its type, and in the log file
    // the transaction that wrote it and whether that page committed the transaction.
    private const int PageTypeOffset = 4;
    private const int TransactionIdOffset = 14;
    private const int IsConfirmedOffset = 18;
    private const byte HeaderPageType = 1;
    private const byte HighestPageType = 4;

    private static readonly string[] NodeCollections = [IdentityStore.Collection, RangeStore.Collection, AuditStore.Collection, CacheStore.Collection, RegistrationStore.Collection, PeerStore.Collection, ZoneSerialStore.Collection, ZoneJournalStore.Collection];

    /// <summary>LiteDB's log file for <paramref name="file"/> (pending writes after a crash).</summary>
    public static string LogFile(string file) =>
        Path.Combine(Path.GetDirectoryName(file) ?? string.Empty, $"{Path.GetFileNameWithoutExtension(file)}-log{Path.GetExtension(file)}");

    /// <summary>Checks <paramref name="file"/> without writing to it; an absent file is a new node's.</summary>
    /// <exception cref="StorageException">The file is damaged or not a NumberDirectory data file; it was not changed.</exception>
    public static DataFileSummary Verify(string file)
    {
        var logFile = LogFile(file);
        if (!File.Exists(file))
        {
            // LiteDB would apply the pending pages of a log file to the new, empty data file.
            return File.Exists(logFile) && new FileInfo(logFile).Length >= PageSize
                ? throw new StorageException($"the data file '{file}' is missing but its log file '{logFile}' is there; it was left untouched: restore the data file from a backup, or move the log file aside to start this node with a new, empty data file (a new node id unless Node:Id is set)")
                : DataFileSummary.None;
        }

        try
        {
            using var data = ReadOnlyPageStream.Open(file);
            var lastPage = CheckHeader(file, data);
            using var log = File.Exists(logFile) ? ReadOnlyPageStream.Open(logFile) : null;
            if (log is not null)
            {
                CheckLog(file, logFile, log, lastPage);
            }

            return ReadAll(file, data, log);
        }
        catch (StorageException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // LiteDB 5 keeps no checksums: a damaged page fails wherever a pointer or length in it
            // leads (its own LiteException, but also InvalidCast, IndexOutOfRange, Overflow and
            // more), so whatever reading throws means the file cannot be used.
            throw Damaged(file, $"it cannot be read ({OneLine(ex.Message)})", ex);
        }
    }

    /// <summary>The refusal for a damaged file: what is wrong, that it was not changed, and what to do.</summary>
    public static StorageException Damaged(string file, string problem, Exception? inner = null)
    {
        var message = $"the data file '{file}' cannot be opened: {OneLine(problem)}. It was left untouched: restore it from a backup, or move it (with its log file, if there is one) aside to start this node with a new, empty data file (a new node id unless Node:Id is set)";
        return inner is null ? new StorageException(message) : new StorageException(message, inner);
    }

    // Before LiteDB sees the file: what LiteDB would "repair" by writing (a partial last page, a
    // file shorter than a page, the invalid-state flag), and pages missing from its end.
    private static uint CheckHeader(string file, ReadOnlyPageStream data)
    {
        var length = data.FileLength;
        if (length == 0)
        {
            throw Damaged(file, "it is empty (0 bytes); the node never leaves an empty data file, so it was probably cut short (for example when the disk was full)");
        }

        if (length % PageSize != 0)
        {
            throw Damaged(file, $"it is {length} bytes, not a whole number of {PageSize}-byte pages, so it was cut short or is not a LiteDB data file");
        }

        var header = new byte[PageSize];
        data.ReadExactly(header);
        if (Encoding.ASCII.GetString(header, HeaderInfoOffset, HeaderInfo.Length) != HeaderInfo || header[FileVersionOffset] != FileVersion)
        {
            throw Damaged(file, "it is not a LiteDB data file (its first page is not a LiteDB 5 header)");
        }

        if (header[InvalidStateOffset] != 0)
        {
            throw Damaged(file, "the database library marked it as damaged when an earlier run failed to read it");
        }

        // Every page up to the last one the file's own header counts has been written to the file
        // (newer pages may still be in the log file, with a newer header).
        var pages = length / PageSize;
        var lastPage = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(LastPageIdOffset));
        if (lastPage >= pages)
        {
            throw Damaged(file, $"it holds {pages} pages but its header counts {(long)lastPage + 1}, so it was cut short");
        }

        return lastPage;
    }

    // LiteDB copies the pages of every committed transaction in the log file into the data file, at
    // the position each page names, without checking them: a damaged log would be written all over
    // the data file by the first checkpoint. Pages of transactions never committed are ignored, as
    // LiteDB ignores them; a partial last page is a write the crash cut short.
    private static void CheckLog(string file, string logFile, ReadOnlyPageStream log, uint lastPage)
    {
        var pages = new List<(long At, uint Id, byte Type, uint Transaction)>();
        var committed = new HashSet<uint>();
        var page = new byte[PageSize];
        for (var at = 0L; at < log.Length / PageSize; at++)
        {
            log.ReadExactly(page);
            if (page.AsSpan().IndexOfAnyExcept((byte)0) < 0)
            {
                continue;
            }

            var transaction = BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(TransactionIdOffset));
            pages.Add((at, BinaryPrimitives.ReadUInt32LittleEndian(page), page[PageTypeOffset], transaction));
            if (page[IsConfirmedOffset] != 0)
            {
                committed.Add(transaction);
            }

            if (page[IsConfirmedOffset] != 0 && page[PageTypeOffset] == HeaderPageType)
            {
                lastPage = Math.Max(lastPage, BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(LastPageIdOffset)));
            }
        }

        foreach (var (at, id, type, _) in pages.Where(p => committed.Contains(p.Transaction)))
        {
            if (type > HighestPageType || (type == HeaderPageType) != (id == 0) || id > lastPage)
            {
                throw Damaged(file, $"its log file '{logFile}' is damaged (page {at} of it is no page of this data file)");
            }
        }
    }

    // Through LiteDB (so pages still in the log file count as written) but on read-only streams.
    private static DataFileSummary ReadAll(string file, ReadOnlyPageStream data, ReadOnlyPageStream? log)
    {
        var settings = new EngineSettings { DataStream = data, LogStream = log, ReadOnly = true };
        using var db = new LiteDatabase(new LiteEngine(settings));
        var blank = CheckPages(file, db, out var pages);
        try
        {
            CheckFreeLists(file, db, pages, blank);
            return ReadCollections(file, db);
        }
        catch (Exception ex) when (blank.Count > 0 && ex is not StorageException and not OutOfMemoryException)
        {
            throw Damaged(file, $"it cannot be read ({OneLine(ex.Message)}); page {string.Join(", ", blank.Take(5))} is all zeros", ex);
        }
    }

    // Each page names itself in its first bytes. A page that is all zeros may be a hole a crash left
    // (a page another transaction had allocated when a later one was committed): LiteDB never reads
    // such a page, so it counts as damage only if something leads to it.
    private static List<long> CheckPages(string file, LiteDatabase db, out long pages)
    {
        var blank = new List<long>();
        pages = 0;
        foreach (var page in db.GetCollection("$dump").FindAll())
        {
            var id = pages++;
            var type = page["pageType"].AsString;
            if (page["pageID"].AsInt32 == id && (id == 0 ? type == "Header" : type is "Empty" or "Data" or "Index" or "Collection"))
            {
                continue;
            }

            if (page["pageID"].AsInt32 == 0 && type == "Empty" && page["prevPageID"].AsInt32 == 0 && page["nextPageID"].AsInt32 == 0)
            {
                blank.Add(id);
                continue;
            }

            throw Damaged(file, $"page {id} is damaged (its header does not describe page {id})");
        }

        return blank;
    }

    // The lists LiteDB takes pages from when it writes: each must lead to real pages of the right
    // kind, and end. LiteDB follows them without a guard against loops and would take a zeroed
    // page in them for page 0, the header.
    private static void CheckFreeLists(string file, LiteDatabase db, long pages, List<long> blank)
    {
        var seen = new HashSet<int>();
        foreach (var page in db.GetCollection("$page_list").FindAll())
        {
            var id = page["pageID"].AsInt32;
            if (id == 0 && blank.Count > 0)
            {
                throw Damaged(file, $"a list of free pages in it leads to a page that is all zeros (page {string.Join(", ", blank.Take(5))})");
            }

            if (id == 0 || page["pageType"].AsString is not ("Empty" or "Data" or "Index"))
            {
                throw Damaged(file, "a list of free pages in it is damaged (it leads to a page that is not free)");
            }

            if (!seen.Add(id) || seen.Count > pages)
            {
                throw Damaged(file, "a list of free pages in it is damaged (it loops)");
            }
        }
    }

    // Every document the node will load, read the way it will load them.
    private static DataFileSummary ReadCollections(string file, LiteDatabase db)
    {
        var foreign = db.GetCollectionNames().Except(NodeCollections, StringComparer.OrdinalIgnoreCase).ToList();
        if (foreign.Count > 0)
        {
            throw Damaged(file, $"it holds collections a NumberDirectory node does not use ({string.Join(", ", foreign.Order(StringComparer.Ordinal).Take(5))}), so it is not a NumberDirectory data file");
        }

        var identities = db.GetCollection(IdentityStore.Collection).FindAll().ToList();
        var ranges = db.GetCollection<RangeDocument>(RangeStore.Collection).FindAll().Count();
        var cached = db.GetCollection<CacheDocument>(CacheStore.Collection).FindAll().Count();
        var registrations = db.GetCollection<RegistrationDocument>(RegistrationStore.Collection).FindAll().Count();
        var peers = db.GetCollection<PeerDocument>(PeerStore.Collection).FindAll().Count();
        var identity = identities.Find(d => d["_id"] == IdentityStore.Key);
        var (id, problem) = identity is null ? (null, null) : ReadIdentity(identity["Eid"]);
        return new DataFileSummary(id, problem, ranges + cached + registrations + peers > 0);
    }

    private static (NodeId? Id, string? Problem) ReadIdentity(BsonValue eid)
    {
        if (!eid.IsString)
        {
            return (null, eid.IsNull ? "it has no EID" : $"its EID is stored as {eid.Type}, not as text");
        }

        return NodeId.TryParse(eid.AsString, out var id) && !id.IsEmpty
            ? (id, null)
            : (null, $"its EID '{Printable(eid.AsString)}' is not six hex bytes such as 00:00:5e:00:53:01");
    }

    // LiteDB leaves some of its messages' placeholders unformatted ("invalid segment position: {0}/{1}").
    private static string OneLine(string text) => Placeholders().Replace(text, string.Empty).ReplaceLineEndings(" ");

    [GeneratedRegex(@"[:\s]*\{\d+\}(\W*\{\d+\})*")]
    private static partial Regex Placeholders();

    private static string Printable(string text)
    {
        var shown = text.Length > 40 ? text[..40] + "..." : text;
        return string.Concat(shown.Select(c => char.IsControl(c) ? '?' : c));
    }
}
