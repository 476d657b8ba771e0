using System.Globalization;
using System.Text;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Backup;

/// <summary>What a backup holds, as the restore prints it: the node, the counts, then each range and peer.</summary>
internal static class BackupText
{
    public static string Describe(BackupContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var text = new StringBuilder();
        var header = content.Header;
        text.Append(CultureInfo.InvariantCulture, $"node {header.NodeEid ?? "(no EID)"}, backup taken {header.CreatedUtc.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} (format {header.FormatVersion})").AppendLine();
        text.Append("  ").AppendJoin(", ", header.Counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Collection}: {c.Documents}"))).AppendLine();
        foreach (var range in content.Of(RangeStore.Collection))
        {
            text.Append(CultureInfo.InvariantCulture, $"  range {range["_id"].AsString} ({range["Routes"].AsArray.Count} routes)").AppendLine();
        }

        foreach (var peer in content.Of(PeerStore.Collection))
        {
            text.Append(CultureInfo.InvariantCulture, $"  peer {peer["_id"].AsString} at {peer["Host"].AsString}:{peer["Port"].AsInt32}").AppendLine();
        }

        if (content.Of(ZoneSerialStore.Collection) is [var serial, ..])
        {
            text.Append(CultureInfo.InvariantCulture, $"  ENUM zone serial {serial["Serial"].AsInt64}").AppendLine();
        }

        return text.ToString();
    }
}
