using LiteDB;

namespace NumberDirectory.Server.Backup;

/// <summary>A backup: its header and every document it holds, by collection, as stored in the data file.</summary>
internal sealed record BackupContent(BackupHeader Header, IReadOnlyDictionary<string, IReadOnlyList<BsonDocument>> Documents)
{
    /// <summary>The documents of <paramref name="collection"/>; none when it holds none.</summary>
    public IReadOnlyList<BsonDocument> Of(string collection) => Documents.TryGetValue(collection, out var documents) ? documents : [];
}
