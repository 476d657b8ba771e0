using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.Storage;
using Proto = NumberDirectory.Admin.V1;

namespace NumberDirectory.Server.Admin;

/// <summary>
/// The rows of one range import, checked as they arrive against the node's ranges, the admission checks
/// and the rows before them: which ranges it would publish or replace, which it leaves as they are, and
/// every problem by line. Nothing changes here; <see cref="Changes"/> is what an apply publishes.
/// </summary>
/// <remarks>README "Bulk import and export"; docs/architecture.md §Bulk import.</remarks>
internal sealed class RangeImportPlan(RangeTable table, IRangeAdmission? admission, bool replace)
{
    /// <summary>Most rows in one import: what the node holds in memory while it checks them.</summary>
    public const int MaxRows = 1_000_000;

    private const int OverlapsShown = 3;

    private readonly Dictionary<string, uint> _lines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PatternIndex<uint>> _rows = new(StringComparer.Ordinal);
    private readonly RangeAdmissionBatch _batch = new();
    private readonly List<RangeReplacement> _changes = [];

    /// <summary>Rows checked.</summary>
    public int Checked { get; private set; }

    /// <summary>Rows that refuse the import.</summary>
    public int Refused { get; private set; }

    /// <summary>Rows identical to a published range.</summary>
    public int Unchanged { get; private set; }

    /// <summary>Rows that overlap a published range or another row.</summary>
    public int Overlapping { get; private set; }

    /// <summary>What an apply publishes, in file order.</summary>
    public IReadOnlyList<RangeReplacement> Changes => _changes;

    /// <summary>Checks the next rows; the problems found, by line.</summary>
    public IReadOnlyList<Proto.ImportRowIssue> Check(IEnumerable<Proto.ImportRangeRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var issues = new List<Proto.ImportRowIssue>();
        foreach (var row in rows)
        {
            Checked++;
            var before = issues.Count;
            Check(row, issues);
            if (issues.Skip(before).Any(i => i.Refused))
            {
                Refused++;
            }
        }

        return issues;
    }

    private void Check(Proto.ImportRangeRow row, List<Proto.ImportRowIssue> issues)
    {
        void Issue(Proto.ImportRowIssueKind kind, string field, string description) => issues.Add(new Proto.ImportRowIssue
        {
            Line = row.Line,
            Context = row.Range?.Context ?? string.Empty,
            Pattern = row.Range?.Pattern ?? string.Empty,
            Kind = kind,
            Field = field,
            Description = description,
            Refused = kind != Proto.ImportRowIssueKind.Overlap,
        });

        if (row.Range is null)
        {
            Issue(Proto.ImportRowIssueKind.Invalid, "range", "is missing: give the range's context, pattern and routes");
            return;
        }

        if (!RangeAdminService.Definition(row.Range).TryBuild(RangeSource.Runtime, out var range, out var errors))
        {
            foreach (var (field, description) in RangeAdminService.Violations(errors))
            {
                Issue(Proto.ImportRowIssueKind.Invalid, field, description);
            }

            return;
        }

        if (!_lines.TryAdd(range.Key, row.Line))
        {
            Issue(Proto.ImportRowIssueKind.Duplicate, "range.pattern", $"'{range.Pattern.Text}' in context '{range.Context}' is on line {_lines[range.Key]} already; keep one of them (in CSV the rows of one range's routes follow each other)");
            return;
        }

        var existing = table.Get(range.Context, range.Pattern.Text);
        if (existing is not null && Same(existing, range))
        {
            Unchanged++;
            return;
        }

        if (existing is { Source: RangeSource.Config })
        {
            Issue(Proto.ImportRowIssueKind.ConfigOwned, "range.pattern", $"'{range.Pattern.Text}' in context '{range.Context}' comes from the configuration file with other routes or settings; change it there, or leave the row out");
            return;
        }

        if (existing is not null && !replace)
        {
            Issue(Proto.ImportRowIssueKind.Conflict, "range", $"'{range.Pattern.Text}' in context '{range.Context}' is published with other routes or settings ({string.Join(", ", existing.Routes.Select(r => $"{r.Template.Text} weight {r.Weight}"))}); import with --replace to replace it, or withdraw it first");
            return;
        }

        if (admission?.Refusal(range, existing, _batch) is { } refusal)
        {
            var (field, description) = RangeAdminService.Violations([refusal]).First();
            Issue(Proto.ImportRowIssueKind.Admission, field, description);
            return;
        }

        _batch.Accept(range, existing);
        _changes.Add(new RangeReplacement(range, existing));
        var overlaps = table.FindOverlaps(range.Context, range.Pattern, OverlapsShown + 1)
            .Where(o => o.Key != range.Key)
            .Select(o => $"'{o.Pattern.Text}' ({o.Source.ToString().ToLowerInvariant()})")
            .Concat(Rows(range.Context).FindOverlaps(range.Pattern, OverlapsShown + 1).Select(line => $"line {line}"))
            .ToList();
        if (overlaps.Count > 0)
        {
            Overlapping++;
            var more = overlaps.Count > OverlapsShown ? " and more" : string.Empty;
            Issue(Proto.ImportRowIssueKind.Overlap, "range.pattern", $"'{range.Pattern.Text}' shares numbers with {string.Join(", ", overlaps.Take(OverlapsShown))}{more}; the most specific pattern answers for those (a warning: the row is imported)");
        }

        Rows(range.Context).Add(range.Pattern, row.Line);
    }

    private PatternIndex<uint> Rows(string context)
    {
        if (!_rows.TryGetValue(context, out var index))
        {
            index = new PatternIndex<uint>();
            _rows.Add(context, index);
        }

        return index;
    }

    /// <summary>Same routes and settings: what the API would show, but for where it comes from.</summary>
    private static bool Same(PublishedRange published, PublishedRange row)
    {
        var shown = RangeAdminService.ToProto(published);
        shown.Source = Proto.RangeSource.Unspecified;
        var imported = RangeAdminService.ToProto(row);
        imported.Source = Proto.RangeSource.Unspecified;
        return shown.Equals(imported);
    }
}
