namespace NumberDirectory.Server.Backup;

/// <summary>What a backup says of itself before its documents (docs/architecture.md §Backup and restore).</summary>
/// <param name="FormatVersion">The layout of the file; a restore reads only the versions it knows.</param>
/// <param name="NodeEid">The EID of the node it was taken from; null when that node had none stored yet.</param>
/// <param name="CreatedUtc">When it was taken, by the node's clock.</param>
/// <param name="Counts">Documents per collection, in the order they follow the header.</param>
internal sealed record BackupHeader(int FormatVersion, string? NodeEid, DateTimeOffset CreatedUtc, IReadOnlyList<(string Collection, int Documents)> Counts);
