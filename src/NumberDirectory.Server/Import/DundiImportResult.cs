using System.Text.Json;
using System.Text.Json.Nodes;

namespace NumberDirectory.Server.Import;

/// <summary>What an import produced: a configuration fragment and the lines it could not carry over.</summary>
/// <param name="Configuration">The <c>Node</c>, <c>Lookup</c>, <c>Dundi</c> and <c>Ranges</c> sections, shaped like appsettings.json.</param>
/// <param name="Ledger">Every line's fate: translated or reported.</param>
public sealed record DundiImportResult(JsonObject Configuration, ImportLedger Ledger)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The lines that were not translated.</summary>
    public IReadOnlyList<ImportIssue> Issues => Ledger.Issues;

    /// <summary>True when some line needs the administrator's attention (an issue of kind <see cref="ImportIssueKind.NotTranslated"/>).</summary>
    public bool LostAnything => Issues.Any(i => i.Kind == ImportIssueKind.NotTranslated);

    /// <summary>The configuration as indented JSON.</summary>
    public string ToJson() => Configuration.ToJsonString(Indented);
}
