namespace NumberDirectory.Cli;

/// <summary>A table for people: a header row and columns padded to their widest cell, the last one left ragged.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [headers];

    public int Rows => _rows.Count - 1;

    public TextTable Add(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    public async Task WriteAsync(TextWriter output)
    {
        var widths = new int[headers.Length];
        foreach (var row in _rows)
        {
            for (var i = 0; i < row.Length && i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in _rows)
        {
            var cells = row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]));
            await output.WriteLineAsync(string.Join("  ", cells).TrimEnd()).ConfigureAwait(false);
        }
    }
}
