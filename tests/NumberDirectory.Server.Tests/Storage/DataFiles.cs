using System.Security.Cryptography;
using System.Text;
using LiteDB;
using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Core.Routes;
using NumberDirectory.Server.Hosting;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Tests.Storage;

/// <summary>
/// Real data files for damage tests: one written by a real node (identity, a runtime range, a cached
/// answer), and ways to damage it the way disks, crashes and people do.
/// </summary>
internal static class DataFiles
{
    /// <summary>The EID the good file's node runs with: it marks the identity collection's data page.</summary>
    public const string NodeEid = "00:00:5e:00:53:07";

    /// <summary>Only in the runtime range: marks the ranges collection's data page.</summary>
    public const string RangeHost = "pbx-b.example.net";

    /// <summary>Only in the cached answer: marks the cache collection's data page.</summary>
    public const string CachedHost = "pbx-c.example.net";

    /// <summary>LiteDB's page size: every data file is a whole number of these.</summary>
    public const int PageSize = 8192;

    /// <summary>Starts a node on <paramref name="dataDirectory"/> that stores a range and a cached answer, then stops it.</summary>
    public static async Task<string> WriteGoodAsync(string dataDirectory)
    {
        var settings = new Dictionary<string, string?> { ["Node:Id"] = NodeEid };
        await using (var node = await TestNode.StartAsync(dataDirectory, settings))
        {
            var catalog = node.Services.GetRequiredService<RangeCatalog>();
            Assert.True(catalog.TryPublish(new RangeDefinition("e164", "_4XXX", [new RouteDefinition($"iax2:{RangeHost}/${{NUMBER}}", 0, null)]), out _, out var errors, out _), string.Join("; ", errors));
            var route = new RouteAnswer($"sip:5001@{CachedHost}", 0, RouteFlags.Exists, NodeId.Parse("00:00:5e:00:53:0b"), TimeSpan.FromHours(1));
            Assert.True(node.Services.GetRequiredService<LookupCache>().Store(new CacheKey("e164", "5001"), LookupResult.Found([route])));
        }

        var file = Path.Combine(dataDirectory, NodeDatabase.FileName);
        Assert.False(File.Exists(LogOf(file)), "a node that stopped cleanly leaves no log file");
        return file;
    }

    /// <summary>
    /// Writes a data file in <paramref name="dataDirectory"/> damaged as <paramref name="damage"/> says
    /// (one of <see cref="DataFileDamageTests.Damages"/>); returns its path.
    /// </summary>
    public static async Task<string> DamageAsync(string dataDirectory, string damage)
    {
        Directory.CreateDirectory(dataDirectory);
        var file = Path.Combine(dataDirectory, NodeDatabase.FileName);
        switch (damage)
        {
            case "random bytes, 1000":
                await File.WriteAllBytesAsync(file, Random(1000));
                return file;
            case "random bytes, 8192":
                await File.WriteAllBytesAsync(file, Random(8192));
                return file;
            case "random bytes, 20000":
                await File.WriteAllBytesAsync(file, Random(20000));
                return file;
            case "random bytes, 1 MiB":
                await File.WriteAllBytesAsync(file, Random(1 << 20));
                return file;
            case "empty file":
                await File.WriteAllBytesAsync(file, []);
                return file;
            case "someone else's database":
                using (var other = new LiteDatabase(file))
                {
                    other.GetCollection("customers").Insert(new BsonDocument { ["name"] = "Example Ltd" });
                }

                return file;
        }

        await WriteGoodAsync(dataDirectory);
        if (damage == "random bytes as log file")
        {
            await File.WriteAllBytesAsync(LogOf(file), Random(3 * PageSize));
            return file;
        }

        var bytes = await File.ReadAllBytesAsync(file);
        Assert.True(bytes.Length >= 6 * PageSize, $"the good file has only {bytes.Length} bytes");
        bytes = damage switch
        {
            "truncated mid-page" => bytes[..((bytes.Length / 2) + 3000)],
            "truncated at a page boundary" => bytes[..^PageSize],
            "last page partial" => bytes[..^100],
            "zeroed page" => Zero(bytes, bytes.Length / PageSize / 2),
            "identity data page" => Scramble(bytes, NodeEid),
            "ranges data page" => Scramble(bytes, RangeHost),
            "cache data page" => Scramble(bytes, CachedHost),

            // LiteDB sets this header byte when it closes after finding damage, asking for a rebuild on the next open.
            "invalid-state flag" => Set(bytes, 191),
            _ => throw new ArgumentOutOfRangeException(nameof(damage), damage, null),
        };
        await File.WriteAllBytesAsync(file, bytes);
        return file;
    }

    /// <summary>
    /// Publishes <c>_6XXX</c> (routed to pbx-d.example.net) into a log file beside <paramref name="file"/>
    /// and leaves it there, as a node killed right after a publish does; returns the log file's path.
    /// </summary>
    public static string WritePendingLog(string file)
    {
        using (var db = new LiteDatabase(file))
        {
            // With checkpoints off, closing leaves the committed write in the log file.
            db.Pragma("CHECKPOINT", 0);
            db.GetCollection<RangeDocument>("ranges").Insert(new RangeDocument { Id = "e164/_6XXX", Context = "e164", Pattern = "_6XXX", Routes = [new RouteDocument { Uri = "sip:${NUMBER}@pbx-d.example.net" }] });
        }

        var log = LogOf(file);
        Assert.True(new FileInfo(log).Length > 0);
        return log;
    }

    /// <summary>Rewrites the stored identity's EID (through LiteDB, so the file itself stays sound).</summary>
    public static void DamageIdentity(string file, string damage)
    {
        using var db = new LiteDatabase(file);
        var identity = db.GetCollection("identity");
        var document = identity.FindById("node");
        Assert.NotNull(document);
        switch (damage)
        {
            case "five bytes":
                document["Eid"] = "00:00:5e:00:53";
                break;
            case "not an EID":
                document["Eid"] = "node-a";
                break;
            case "a number":
                document["Eid"] = 7;
                break;
            case "no EID field":
                document.Remove("Eid");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(damage), damage, null);
        }

        Assert.True(identity.Update(document));
    }

    /// <summary>Builds a node on <paramref name="dataDirectory"/>, expects its start to fail, and returns what the administrator is told.</summary>
    public static async Task<string> StartupErrorAsync(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = TestNode.Build(dataDirectory, settings);
        try
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
            return NumberDirectoryNode.StartupFailure(ex) ?? throw new Xunit.Sdk.XunitException($"not reported as a startup failure: {ex}");
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>LiteDB's log file beside <paramref name="file"/>.</summary>
    public static string LogOf(string file) => Path.Combine(Path.GetDirectoryName(file)!, Path.GetFileNameWithoutExtension(file) + "-log" + Path.GetExtension(file));

    /// <summary>sha256 of the data file and of its log file (empty when there is none).</summary>
    public static (string Data, string Log) Hashes(string file)
    {
        var log = LogOf(file);
        return (Hash(file), File.Exists(log) ? Hash(log) : string.Empty);
    }

    /// <summary>Bytes that are no database, the same on every run.</summary>
    public static byte[] Random(int length, int seed = 7)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The page that holds <paramref name="marker"/> (a string only one collection stores).</summary>
    public static int PageOf(byte[] file, string marker)
    {
        var at = file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker));
        Assert.True(at > 0, $"'{marker}' is not in the data file");
        return at / PageSize;
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static byte[] Zero(byte[] bytes, int page)
    {
        Array.Clear(bytes, page * PageSize, PageSize);
        return bytes;
    }

    private static byte[] Scramble(byte[] bytes, string marker)
    {
        // Everything after the page's 32-byte header: the documents and the slot table at the page's end.
        Random(PageSize - 32, seed: marker.Length).CopyTo(bytes, (PageOf(bytes, marker) * PageSize) + 32);
        return bytes;
    }

    private static byte[] Set(byte[] bytes, int offset)
    {
        bytes[offset] = 1;
        return bytes;
    }
}
