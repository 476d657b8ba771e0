using System.Text;
using System.Text.Json;
using Google.Protobuf;
using NumberDirectory.Admin.V1;
using AdminRange = NumberDirectory.Admin.V1.Range;

namespace NumberDirectory.Cli;

/// <summary>
/// Ranges as JSON: the document <c>numdir ranges ls --json</c> prints (<c>{"ranges": [...]}</c>, the API's
/// ListRangesResponse), or a bare array of the same range objects. README "Bulk import and export".
/// </summary>
internal static class RangeJson
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    /// <summary>The document's opening, before the first range.</summary>
    public const string Opening = "{\"ranges\": [";

    /// <summary>The document's closing, after the last range.</summary>
    public static string Closing(int total) => FormattableString.Invariant($"], \"nextPageToken\": \"\", \"totalSize\": {total}}}");

    /// <summary>Reads every range of <paramref name="json"/> (UTF-8), each with the line it starts on.</summary>
    public static RangeFileRows Read(ReadOnlySpan<byte> json, Action<int> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var rows = new List<ImportRangeRow>();
        var problems = new List<ImportRowIssue>();
        var lines = new LineCounter();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || !ToRanges(ref reader))
            {
                problems.Add(RangeFileRows.Syntax(1, 0, "json", "the file holds neither {\"ranges\": [...]} (what numdir ranges ls --json and ranges export print) nor an array of ranges"));
                return new RangeFileRows(rows, problems);
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                var line = lines.At(json, start);
                reader.Skip();
                var text = Encoding.UTF8.GetString(json[start..((int)reader.BytesConsumed)]);
                try
                {
                    rows.Add(new ImportRangeRow { Line = (uint)line, Range = Parser.Parse<AdminRange>(text) });
                }
                catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException)
                {
                    problems.Add(RangeFileRows.Syntax((uint)line, 0, "range", $"{ex.Message}; write the range as numdir ranges ls --json shows one"));
                }

                if (rows.Count % 10_000 == 0)
                {
                    read(line);
                }
            }
        }
        catch (JsonException ex)
        {
            problems.Add(RangeFileRows.Syntax((uint)((ex.LineNumber ?? 0) + 1), (int)((ex.BytePositionInLine ?? 0) + 1), "json", $"{ex.Message.Split(" LineNumber:", 2)[0]}"));
        }

        read(lines.At(json, json.Length));
        return new RangeFileRows(rows, problems);
    }

    /// <summary>Moves to the start of the array of ranges: the document's own, or its <c>ranges</c> member's.</summary>
    private static bool ToRanges(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            if (name == "ranges" && reader.TokenType == JsonTokenType.StartArray)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    /// <summary>Line numbers of byte offsets, asked in increasing order.</summary>
    private sealed class LineCounter
    {
        private int _offset;
        private int _line = 1;

        public int At(ReadOnlySpan<byte> json, int offset)
        {
            _line += json[_offset..offset].Count((byte)'\n');
            _offset = offset;
            return _line;
        }
    }
}
