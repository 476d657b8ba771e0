using LiteDB;

namespace NumberDirectory.Server.Storage;

/// <summary>The stored node identity.</summary>
public sealed class IdentityDocument
{
    [BsonId]
    public string Id { get; set; } = string.Empty;

    public string Eid { get; set; } = string.Empty;

    public DateTime CreatedUtc { get; set; }
}
