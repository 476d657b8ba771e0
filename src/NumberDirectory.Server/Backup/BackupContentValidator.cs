using LiteDB;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Backup;

/// <summary>
/// Checks that every document of a backup reads back as the node will read it at start: the identity's
/// EID, each range as a valid runtime range, and every other document as its stored type.
/// </summary>
internal static class BackupContentValidator
{
    /// <summary>What is wrong with <paramref name="content"/>, one line each; empty when a node can use all of it.</summary>
    public static IReadOnlyList<string> Problems(BackupContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var problems = new List<string>();
        foreach (var (collection, _) in content.Header.Counts.Where(c => !BackupCodec.Collections.Contains(c.Collection)))
        {
            problems.Add($"it holds the collection '{collection}', which this NumberDirectory does not know");
        }

        var identities = content.Of(IdentityStore.Collection);
        var identity = identities.FirstOrDefault(d => d["_id"] == IdentityStore.Key);
        if (identity is null || !identity["Eid"].IsString || !NodeId.TryParse(identity["Eid"].AsString, out var eid) || eid.IsEmpty)
        {
            problems.Add("it holds no readable node identity (EID)");
        }
        else if (content.Header.NodeEid != identity["Eid"].AsString)
        {
            problems.Add($"its header names the node {content.Header.NodeEid ?? "(none)"} but its identity is {identity["Eid"].AsString}");
        }

        foreach (var document in content.Of(RangeStore.Collection))
        {
            if (Decode<RangeDocument>(RangeStore.Collection, document, problems) is { } range
                && !RangeStore.ToDefinition(range).TryBuild(RangeSource.Runtime, out _, out var errors))
            {
                problems.Add($"the range {range.Id} is not valid: {string.Join("; ", errors)}");
            }
        }

        Check<PeerDocument>(content, PeerStore.Collection, problems);
        Check<RegistrationDocument>(content, RegistrationStore.Collection, problems);
        Check<ZoneSerialDocument>(content, ZoneSerialStore.Collection, problems);
        Check<ZoneJournalDocument>(content, ZoneJournalStore.Collection, problems);
        Check<AuditDocument>(content, AuditStore.Collection, problems);
        return problems;
    }

    private static void Check<T>(BackupContent content, string collection, List<string> problems)
    {
        foreach (var document in content.Of(collection))
        {
            Decode<T>(collection, document, problems);
        }
    }

    private static T? Decode<T>(string collection, BsonDocument document, List<string> problems)
    {
        try
        {
            return BsonMapper.Global.ToObject<T>(document);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            problems.Add($"the document {document["_id"]} of '{collection}' cannot be read ({ex.Message.ReplaceLineEndings(" ")})");
            return default;
        }
    }
}
