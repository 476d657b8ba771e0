using LiteDB;

namespace NumberDirectory.Server.Storage;

/// <summary>One audit log entry as stored in the data file (README "Audit log").</summary>
public sealed class AuditDocument
{
    /// <summary>Given by LiteDB on insert, one more than the last: the log's order.</summary>
    [BsonId(true)]
    public long Id { get; set; }

    public DateTime TimeUtc { get; set; }

    public string Actor { get; set; } = string.Empty;

    public string Action { get; set; } = string.Empty;

    public string Subject { get; set; } = string.Empty;

    public string? Before { get; set; }

    public string? After { get; set; }

    public string Summary { get; set; } = string.Empty;
}
