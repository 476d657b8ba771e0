using System.Buffers.Binary;
using System.Security.Cryptography;
using LiteDB;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Backup;

/// <summary>
/// The backup file: <c>NDBACKUP</c>, a format version (uint32, little-endian), a header document, one
/// document per stored document (<c>{c: collection, d: document}</c>), all BSON, then the SHA-256 of
/// every byte before it. A flipped byte or a file cut short anywhere fails the checksum, so a restore
/// refuses it before it touches anything.
/// </summary>
/// <remarks>docs/architecture.md §Backup and restore.</remarks>
internal static class BackupCodec
{
    /// <summary>The format this node writes, and the only one it reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The first bytes of every backup.</summary>
    public static ReadOnlySpan<byte> Magic => "NDBACKUP"u8;

    private const int VersionOffset = 8;
    private const int HeaderOffset = 12;
    private const int ChecksumLength = SHA256.HashSizeInBytes;

    /// <summary>
    /// The collections a backup holds, in file order. The answer cache is left out: it is learned
    /// from peers, can be large, and a restored node learns it again at its first lookups. The audit
    /// log is kept: who changed what must survive the disk that held it.
    /// </summary>
    public static IReadOnlyList<string> Collections { get; } =
        [IdentityStore.Collection, RangeStore.Collection, PeerStore.Collection, RegistrationStore.Collection, ZoneSerialStore.Collection, ZoneJournalStore.Collection, AuditStore.Collection];

    /// <summary>The whole backup file of <paramref name="content"/>.</summary>
    public static byte[] Encode(BackupContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var file = new MemoryStream();
        file.Write(Magic);
        Span<byte> version = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(version, (uint)content.Header.FormatVersion);
        file.Write(version);
        file.Write(BsonSerializer.Serialize(HeaderDocument(content.Header)));
        foreach (var (collection, _) in content.Header.Counts)
        {
            foreach (var document in content.Of(collection))
            {
                file.Write(BsonSerializer.Serialize(new BsonDocument { ["c"] = collection, ["d"] = document }));
            }
        }

        var checksum = SHA256.HashData(file.GetBuffer().AsSpan(0, (int)file.Length));
        file.Write(checksum);
        return file.ToArray();
    }

    /// <summary>Reads a whole backup, checking it first; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="BackupException">It is not a backup, of an unknown format, damaged or cut short.</exception>
    public static BackupContent Decode(byte[] file, string name)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length < Magic.Length || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw Refused(name, file.Length == 0 ? "it is empty" : "it is not a NumberDirectory backup (it does not start with NDBACKUP)");
        }

        if (file.Length < HeaderOffset + ChecksumLength)
        {
            throw Refused(name, $"it is {file.Length} bytes, too short for a backup: it was cut short");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(VersionOffset));
        if (version != FormatVersion)
        {
            throw Refused(name, $"it is in backup format version {version}, and this NumberDirectory reads version {FormatVersion} only: restore it with the NumberDirectory release that wrote it (or a later one), or it is damaged");
        }

        var body = file.AsSpan(0, file.Length - ChecksumLength);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(file.AsSpan(body.Length)))
        {
            throw Refused(name, "its checksum does not match its content, so it is damaged or was cut short; take a new backup or use another copy");
        }

        try
        {
            return Read(file, body.Length, name);
        }
        catch (Exception ex) when (ex is not BackupException and not OutOfMemoryException)
        {
            throw Refused(name, $"its content cannot be decoded ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }
    }

    private static BackupContent Read(byte[] file, int end, string name)
    {
        var at = HeaderOffset;
        var header = ReadHeader(NextDocument(file, ref at, end));
        var documents = new Dictionary<string, IReadOnlyList<BsonDocument>>(StringComparer.Ordinal);
        foreach (var (collection, count) in header.Counts)
        {
            var list = new List<BsonDocument>(count);
            for (var i = 0; i < count; i++)
            {
                var record = at < end ? NextDocument(file, ref at, end) : throw Refused(name, $"it ends before document {i + 1} of the {count} its header counts in '{collection}'");
                if (record["c"] != collection || !record["d"].IsDocument)
                {
                    throw Refused(name, $"document {i + 1} of '{collection}' is not one of that collection");
                }

                list.Add(record["d"].AsDocument);
            }

            documents[collection] = list;
        }

        return at == end ? new BackupContent(header, documents) : throw Refused(name, "it holds more documents than its header counts");
    }

    private static BsonDocument NextDocument(byte[] file, ref int at, int end)
    {
        var length = end - at >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(at)) : -1;
        if (length < 5 || length > end - at)
        {
            throw new FormatException($"a document at byte {at} overruns the file");
        }

        var document = BsonSerializer.Deserialize(file[at..(at + length)], utcDate: true);
        at += length;
        return document;
    }

    private static BsonDocument HeaderDocument(BackupHeader header) => new()
    {
        ["eid"] = header.NodeEid is null ? BsonValue.Null : new BsonValue(header.NodeEid),
        ["created"] = header.CreatedUtc.UtcDateTime,
        ["collections"] = new BsonArray(header.Counts.Select(c => new BsonDocument { ["name"] = c.Collection, ["documents"] = c.Documents })),
    };

    private static BackupHeader ReadHeader(BsonDocument header)
    {
        var counts = header["collections"].AsArray.Select(c => (c["name"].AsString, c["documents"].AsInt32)).ToList();
        if (counts.Any(c => c.Item2 < 0) || counts.Select(c => c.Item1).Distinct(StringComparer.Ordinal).Count() != counts.Count)
        {
            throw new FormatException("its header's collection counts are not valid");
        }

        var eid = header["eid"].IsNull ? null : header["eid"].AsString;
        return new BackupHeader(FormatVersion, eid, new DateTimeOffset(DateTime.SpecifyKind(header["created"].AsDateTime, DateTimeKind.Utc)), counts);
    }

    private static BackupException Refused(string name, string problem, Exception? inner = null)
    {
        var message = $"the backup '{name}' cannot be used: {problem}. Nothing was changed";
        return inner is null ? new BackupException(message) : new BackupException(message, inner);
    }
}
