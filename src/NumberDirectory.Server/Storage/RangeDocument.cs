using LiteDB;

namespace NumberDirectory.Server.Storage;

/// <summary>A runtime range as stored in the data file: the administrator's text, re-validated on load.</summary>
public sealed class RangeDocument
{
    /// <summary><c>context/pattern</c>.</summary>
    [BsonId]
    public string Id { get; set; } = string.Empty;

    public string Context { get; set; } = string.Empty;

    public string Pattern { get; set; } = string.Empty;

    public List<RouteDocument> Routes { get; set; } = [];

    public bool Merge { get; set; }

    public string? Description { get; set; }

    public string? DisplayName { get; set; }

    public DateTime CreatedUtc { get; set; }
}
