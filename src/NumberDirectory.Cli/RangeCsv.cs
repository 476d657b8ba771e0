using System.Globalization;
using System.Text;
using NumberDirectory.Admin.V1;
using AdminRange = NumberDirectory.Admin.V1.Range;

namespace NumberDirectory.Cli;

/// <summary>
/// Ranges as CSV (RFC 4180): a header line naming the columns, then one row per route; the rows of one range
/// follow each other and share its context and pattern, and its own settings (merge, display_name,
/// description) are on its first row. Flags are separated by <c>|</c>. README "Bulk import and export".
/// </summary>
internal static class RangeCsv
{
    public const string Context = "context";
    public const string Pattern = "pattern";
    public const string Uri = "uri_template";
    public const string Weight = "weight";
    public const string Flags = "flags";
    public const string NaptrService = "naptr_service";
    public const string NaptrOrder = "naptr_order";
    public const string NaptrPreference = "naptr_preference";
    public const string Merge = "merge";
    public const string DisplayName = "display_name";
    public const string Description = "description";

    /// <summary>Every column, in the order an export writes them.</summary>
    public static IReadOnlyList<string> Columns { get; } = [Context, Pattern, Uri, Weight, Flags, NaptrService, NaptrOrder, NaptrPreference, Merge, DisplayName, Description];

    /// <summary>The header line.</summary>
    public static string Header => string.Join(',', Columns);

    /// <summary>The lines of one range: one per route.</summary>
    public static IEnumerable<string> Lines(AdminRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        for (var i = 0; i < range.Routes.Count; i++)
        {
            var route = range.Routes[i];
            var first = i == 0;
            string[] fields =
            [
                range.Context, range.Pattern, route.UriTemplate, route.Weight.ToString(CultureInfo.InvariantCulture), string.Join('|', route.Flags),
                route.Naptr?.Service ?? string.Empty,
                route.Naptr is { HasOrder: true } ? route.Naptr.Order.ToString(CultureInfo.InvariantCulture) : string.Empty,
                route.Naptr is { HasPreference: true } ? route.Naptr.Preference.ToString(CultureInfo.InvariantCulture) : string.Empty,
                first && range.Merge ? "true" : first ? "false" : string.Empty,
                first ? range.DisplayName : string.Empty,
                first ? range.Description : string.Empty,
            ];
            yield return string.Join(',', fields.Select(Quote));
        }
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (field.Length > 0 && (field[0] == ' ' || field[^1] == ' '))
            ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : field;

    /// <summary>Reads every row of <paramref name="reader"/>; <paramref name="read"/> hears the count of lines read now and then.</summary>
    public static RangeFileRows Read(TextReader reader, Action<int> read)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(read);
        var records = new CsvRecords(reader);
        var rows = new List<ImportRangeRow>();
        var problems = new List<ImportRowIssue>();
        Dictionary<string, int>? columns = null;
        ImportRangeRow? current = null;
        while (records.Next(out var line, out var fields, out var starts, out var error))
        {
            if (line % 10_000 == 0)
            {
                read(line);
            }

            if (error is not null)
            {
                problems.Add(RangeFileRows.Syntax((uint)line, error.Value.Column, "csv", error.Value.Text));
                continue;
            }

            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }

            if (columns is null)
            {
                columns = HeaderColumns(line, fields, starts, problems);
                if (columns is null)
                {
                    return new RangeFileRows([], problems);
                }

                continue;
            }

            if (fields.Count != columns.Count)
            {
                problems.Add(RangeFileRows.Syntax((uint)line, fields.Count > columns.Count ? starts[columns.Count] : 0, "csv", $"the row has {fields.Count} fields and the header {columns.Count}; quote a field that holds a comma (\"a,b\")"));
                continue;
            }

            string Field(string name) => columns.TryGetValue(name, out var index) ? fields[index].Trim() : string.Empty;
            int Column(string name) => columns.TryGetValue(name, out var index) ? starts[index] : 0;
            var before = problems.Count;
            var route = Route(line, Field, Column, problems);
            var merge = Field(Merge).ToLowerInvariant() switch
            {
                "" => (bool?)null,
                "true" or "yes" or "1" => true,
                "false" or "no" or "0" => false,
                var other => Problem<bool?>(problems, line, Column(Merge), Merge, $"'{other}' is not true or false"),
            };
            if (problems.Count > before)
            {
                continue;
            }

            var (context, pattern) = (Field(Context), Field(Pattern));
            if (current is not null && current.Range.Context == context && current.Range.Pattern == pattern)
            {
                // A later route of the same range: its own settings are the first row's; a different one is a mistake.
                Same(problems, line, Column(Merge), Merge, merge is null || merge == current.Range.Merge);
                Same(problems, line, Column(DisplayName), DisplayName, Field(DisplayName).Length == 0 || Field(DisplayName) == current.Range.DisplayName);
                Same(problems, line, Column(Description), Description, Field(Description).Length == 0 || Field(Description) == current.Range.Description);
                current.Range.Routes.Add(route);
                continue;
            }

            current = new ImportRangeRow
            {
                Line = (uint)line,
                Range = new AdminRange { Context = context, Pattern = pattern, Merge = merge ?? false, DisplayName = Field(DisplayName), Description = Field(Description), Routes = { route } },
            };
            rows.Add(current);
        }

        if (columns is null && problems.Count == 0)
        {
            problems.Add(RangeFileRows.Syntax(1, 0, "csv", $"the file is empty; its first line names the columns: {Header}"));
        }

        read(records.Line);
        return new RangeFileRows(rows, problems);
    }

    private static Route Route(int line, Func<string, string> field, Func<string, int> column, List<ImportRowIssue> problems)
    {
        var route = new Route { UriTemplate = field(Uri) };
        route.Weight = Number(problems, line, column(Weight), Weight, field(Weight), 59_999) ?? 0;
        route.Flags.AddRange(field(Flags).Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var service = field(NaptrService);
        var order = Number(problems, line, column(NaptrOrder), NaptrOrder, field(NaptrOrder), ushort.MaxValue);
        var preference = Number(problems, line, column(NaptrPreference), NaptrPreference, field(NaptrPreference), ushort.MaxValue);
        if (service.Length > 0 || order is not null || preference is not null)
        {
            route.Naptr = new NaptrOverride { Service = service };
            if (order is { } o)
            {
                route.Naptr.Order = o;
            }

            if (preference is { } p)
            {
                route.Naptr.Preference = p;
            }
        }

        return route;
    }

    private static uint? Number(List<ImportRowIssue> problems, int line, int column, string name, string text, uint max)
    {
        if (text.Length == 0)
        {
            return null;
        }

        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= max
            ? value
            : Problem<uint?>(problems, line, column, name, $"'{text}' is not a number 0..{max.ToString(CultureInfo.InvariantCulture)}");
    }

    private static T? Problem<T>(List<ImportRowIssue> problems, int line, int column, string name, string description)
    {
        problems.Add(RangeFileRows.Syntax((uint)line, column, name, description));
        return default;
    }

    private static void Same(List<ImportRowIssue> problems, int line, int column, string name, bool same)
    {
        if (!same)
        {
            problems.Add(RangeFileRows.Syntax((uint)line, column, name, $"differs from the range's first row; give {name} on the first row of a range only"));
        }
    }

    private static Dictionary<string, int>? HeaderColumns(int line, List<string> fields, List<int> starts, List<ImportRowIssue> problems)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var before = problems.Count;
        for (var i = 0; i < fields.Count; i++)
        {
            var name = fields[i].Trim().ToLowerInvariant();
            if (!Columns.Contains(name))
            {
                problems.Add(RangeFileRows.Syntax((uint)line, starts[i], "header", $"'{fields[i]}' is not a column; the columns are {Header} (the first line of the file names them)"));
            }
            else if (!columns.TryAdd(name, i))
            {
                problems.Add(RangeFileRows.Syntax((uint)line, starts[i], "header", $"'{name}' is named twice; name each column once"));
            }
        }

        foreach (var needed in new[] { Pattern, Uri }.Where(n => !columns.ContainsKey(n) && problems.Count == before))
        {
            problems.Add(RangeFileRows.Syntax((uint)line, 0, "header", $"there is no {needed} column; the first line names the columns, at least {Pattern},{Uri} (all: {Header})"));
        }

        return problems.Count > before ? null : columns;
    }

    /// <summary>RFC 4180 records, quoted fields across lines included, each with the line it starts on and its fields' columns.</summary>
    private sealed class CsvRecords(TextReader reader)
    {
        public int Line { get; private set; }

        public bool Next(out int line, out List<string> fields, out List<int> starts, out (int Column, string Text)? error)
        {
            fields = [];
            starts = [];
            error = null;
            var text = reader.ReadLine();
            line = ++Line;
            if (text is null)
            {
                return false;
            }

            var i = 0;
            var field = new StringBuilder();
            while (true)
            {
                starts.Add(i + 1);
                field.Clear();
                if (i < text.Length && text[i] == '"')
                {
                    var (openLine, openColumn) = (Line, i + 1);
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            var more = reader.ReadLine();
                            if (more is null)
                            {
                                error = (openColumn, $"the quote opened here (line {openLine}) is never closed; close it, and double a quote inside a field (\"\")");
                                return true;
                            }

                            Line++;
                            field.Append('\n');
                            (text, i) = (more, 0);
                            continue;
                        }

                        if (text[i] == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"')
                            {
                                field.Append('"');
                                i += 2;
                                continue;
                            }

                            i++;
                            break;
                        }

                        field.Append(text[i++]);
                    }

                    if (i < text.Length && text[i] != ',')
                    {
                        error = (i + 1, Line == line ? "text after a closing quote; quote the whole field and double the quotes inside (\"\")" : $"text after a closing quote on line {Line}");
                        return true;
                    }
                }
                else
                {
                    var end = text.IndexOf(',', i);
                    var raw = end < 0 ? text[i..] : text[i..end];
                    if (raw.Contains('"', StringComparison.Ordinal))
                    {
                        error = (i + raw.IndexOf('"', StringComparison.Ordinal) + 1, "a quote inside a field that does not start with one; quote the whole field and double the quotes inside (\"\")");
                        return true;
                    }

                    field.Append(raw);
                    i = end < 0 ? text.Length : end;
                }

                fields.Add(field.ToString());
                if (i < text.Length && text[i] == ',')
                {
                    i++;
                    continue;
                }

                return true;
            }
        }
    }
}
