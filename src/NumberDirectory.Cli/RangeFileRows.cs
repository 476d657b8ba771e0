using NumberDirectory.Admin.V1;

namespace NumberDirectory.Cli;

/// <summary>What reading a range file gave: the rows to send, and the syntax problems found on the way (by line).</summary>
internal sealed record RangeFileRows(IReadOnlyList<ImportRangeRow> Rows, IReadOnlyList<ImportRowIssue> Problems)
{
    /// <summary>A syntax problem at <paramref name="line"/>, column <paramref name="column"/> (1-based characters).</summary>
    public static ImportRowIssue Syntax(uint line, int column, string field, string description) => new()
    {
        Line = line,
        Kind = ImportRowIssueKind.Syntax,
        Field = field,
        Description = column > 0 ? $"column {column}: {description}" : description,
        Refused = true,
    };
}
