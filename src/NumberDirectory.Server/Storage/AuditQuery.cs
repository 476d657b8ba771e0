namespace NumberDirectory.Server.Storage;

/// <summary>Which audit entries to list; null or empty filters match every entry.</summary>
/// <param name="Since">Only entries at or after this time.</param>
/// <param name="Actor">Only this actor, exactly.</param>
/// <param name="Action">Only this action, exactly.</param>
/// <param name="ObjectPrefix">Only objects starting with this text.</param>
/// <param name="Before">Only entries older than this id (the paging position).</param>
/// <param name="Limit">Most entries returned.</param>
public sealed record AuditQuery(DateTime? Since, string? Actor, string? Action, string? ObjectPrefix, long? Before, int Limit);
