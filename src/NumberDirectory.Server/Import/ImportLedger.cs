namespace NumberDirectory.Server.Import;

/// <summary>
/// Keeps account of every line while importing: translated into configuration, or reported with
/// a reason. Nothing may fall through silently; the tests check every fixture line against it.
/// </summary>
public sealed class ImportLedger
{
    private readonly HashSet<(string File, int Line)> _translated = [];
    private readonly HashSet<(string File, int Line)> _covered = [];
    private readonly List<ImportIssue> _issues = [];

    /// <summary>The issues reported so far, in the order they were found.</summary>
    public IReadOnlyList<ImportIssue> Issues => _issues;

    /// <summary>Lines that became configuration.</summary>
    public IReadOnlySet<(string File, int Line)> Translated => _translated;

    /// <summary>Records that <paramref name="line"/> became configuration.</summary>
    public void Translate(ConfLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        _translated.Add((line.File, line.Number));
    }

    /// <summary>Reports a line whose effect the imported configuration does not have; the administrator has to act.</summary>
    public void Lost(ConfLine line, string reason, string advice) => Add(line, reason, advice, ImportIssueKind.NotTranslated);

    /// <summary>Notes a line the node does without, or whose effect it already has; nothing needs doing.</summary>
    public void NotNeeded(ConfLine line, string reason, string advice = "") => Add(line, reason, advice, ImportIssueKind.NotNeeded);

    /// <summary>
    /// Reports a whole section the node has no use for with one issue on its header, rather than
    /// one per line (an unrelated dialplan context would otherwise flood the report).
    /// </summary>
    public void SectionNotNeeded(ConfSection section, string reason, string advice = "")
    {
        ArgumentNullException.ThrowIfNull(section);
        var lines = section.Entries.Select(e => e.Number).Concat(section.Continuations.Select(c => c.Number)).ToList();
        var span = lines.Count == 0 ? string.Empty : $" (lines {section.Header.Number}-{lines.Max()})";
        NotNeeded(section.Header, reason + span, advice);
        foreach (var line in section.Entries.Concat(section.Continuations))
        {
            _covered.Add((line.File, line.Number));
        }
    }

    /// <summary>True when <paramref name="line"/> was translated, reported, or is part of a reported section.</summary>
    public bool IsAccounted(ConfLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var key = (line.File, line.Number);
        return _translated.Contains(key) || _covered.Contains(key) || _issues.Any(i => i.File == line.File && i.Line == line.Number);
    }

    private void Add(ConfLine line, string reason, string advice, ImportIssueKind kind)
    {
        ArgumentNullException.ThrowIfNull(line);
        _issues.Add(new ImportIssue(line.File, line.Number, line.Text, reason, advice, kind));
    }
}
