using System.Globalization;
using System.Text;
using Google.Protobuf;
using NumberDirectory.Admin.V1;
using NumberDirectory.Cli;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.Tests.EnumDns;
using AdminRange = NumberDirectory.Admin.V1.Range;

namespace NumberDirectory.Server.Tests;

/// <summary>
/// <c>numdir ranges export</c> and <c>ranges import</c> against real nodes: CSV and JSON round trips, a dry
/// run listing every problem of a 10k-row file by line, all-or-nothing imports through the ENUM zone
/// admission, replace, and the audit entries an import leaves.
/// </summary>
public sealed class CliRangeImportTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string File(string name, string text)
    {
        var path = Path.Combine(_temp.Path, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private static string Csv(IEnumerable<string> rows) => string.Join('\n', [RangeCsv.Header, .. rows]) + "\n";

    private static async Task<List<AdminRange>> RuntimeRangesAsync(TestNode node)
    {
        var listed = JsonParser.Default.Parse<ListRangesResponse>((await Numdir.AdminAsync(node, "ranges", "ls", "--json", "--source", "runtime")).Out);
        return [.. listed.Ranges];
    }

    [Theory]
    [InlineData("ranges.csv")]
    [InlineData("ranges.json")]
    public async Task Export_ThenImportOnAnotherNode_GivesTheSameRanges_AndAgainChangesNothing(string name)
    {
        await using var a = await TestNode.StartAsync(_temp.Data("a"));
        await using var b = await TestNode.StartAsync(_temp.Data("b"));
        await Numdir.AdminAsync(a, "ranges", "add", "_5XXX", "--description", "branch C, \"east\"", "--display-name", "Branch C",
            "--route", "sip:${NUMBER}@pbx-c.example.net;transport=tls", "--weight", "10", "--flag", "mobile", "--flag", "residential",
            "--route", "iax2:pbx-c.example.net/${NUMBER}", "--weight", "20", "--naptr-service", "E2U+iax2", "--naptr-order", "50");
        await Numdir.AdminAsync(a, "ranges", "add", "+15550100-+15550199", "--context", "internal", "--merge", "--route", "tel:+${NUMBER}");
        var file = Path.Combine(_temp.Path, name);

        var exported = await Numdir.AdminAsync(a, "ranges", "export", file);
        var imported = await Numdir.AdminAsync(b, "ranges", "import", file);
        var again = await Numdir.AdminAsync(b, "ranges", "import", file);

        Assert.Equal((NumdirCommand.ExitOk, $"exported 2 range(s) of 2 to {file}\n"), (exported.Exit, exported.Err.ReplaceLineEndings("\n")));
        Assert.Equal(NumdirCommand.ExitOk, imported.Exit);
        Assert.Contains("imported: 2 new, 0 replaced, 0 unchanged, 0 refused", imported.Out, StringComparison.Ordinal);
        Assert.Equal(await RuntimeRangesAsync(a), await RuntimeRangesAsync(b));
        Assert.Equal(NumdirCommand.ExitOk, again.Exit);
        Assert.Contains("imported: 0 new, 0 replaced, 2 unchanged, 0 refused", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DryRunOf10kRows_ListsEveryProblemByLine_ExitsRefused_AndChangesNothing()
    {
        await using var node = await TestNode.StartAsync(_temp.Data());
        var published = new List<int>();
        for (var i = 0; i < 10_000; i += 500)
        {
            await Numdir.AdminAsync(node, "ranges", "add", $"_7{i:D5}X", "--route", "sip:${NUMBER}@pbx-old.example.net");
            published.Add(i);
        }

        var rows = Enumerable.Range(0, 10_000).Select(i => $"e164,_7{i:D5}X,sip:${{NUMBER}}@pbx-new.example.net,10,,,,,,,").ToList();
        rows[3] = "e164,_700003X,sip:${NUMBER}@pbx-new.example.net,ten,,,,,,,";
        rows[4] = "e164,_7[0-X,sip:${NUMBER}@pbx-new.example.net,10,,,,,,,";
        rows[6] = "e164,_70000X.,sip:${NUMBER}@pbx-new.example.net,10,,,,,,,";
        rows.Add(rows[10]);
        var file = File("big.csv", Csv(rows));
        var count = node.Services.GetRequiredService<RangeTable>().Count;

        var dry = await Numdir.AdminAsync(node, "ranges", "import", file, "--dry-run");
        var apply = await Numdir.AdminAsync(node, "ranges", "import", file);

        // Line 1 is the header: row i is on line i + 2.
        var lines = dry.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(NumdirCommand.ExitRefused, dry.Exit);
        Assert.Equal(published.Select(i => i + 2).ToList(), lines.Where(l => l.Contains(": conflict ", StringComparison.Ordinal)).Select(LineOf).ToList());
        Assert.Contains(lines, l => l.StartsWith("line 5: syntax: weight: column 49: 'ten' is not a number", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("line 6: invalid e164/_7[0-X: range.pattern: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("line 8: overlap (warning) e164/_70000X.: range.pattern: ", StringComparison.Ordinal) && l.Contains("'_700000X'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("line 10002: duplicate e164/_700010X: range.pattern: '_700010X' in context 'e164' is on line 12 already", StringComparison.Ordinal));
        Assert.StartsWith("refused, nothing changed:", lines[^1], StringComparison.Ordinal);
        Assert.Contains("23 refused", lines[^1], StringComparison.Ordinal);
        Assert.Contains("checked 10000 row(s), applied 0", dry.Err, StringComparison.Ordinal);
        Assert.Equal(NumdirCommand.ExitRefused, apply.Exit);
        Assert.Equal(count, node.Services.GetRequiredService<RangeTable>().Count);
        Assert.Equal("sip:${NUMBER}@pbx-old.example.net", node.Services.GetRequiredService<RangeTable>().Get("e164", "_700500X")!.Routes[0].Template.Text);
    }

    [Fact]
    public async Task Import500Rows_PublishesAllInBatches_WithProgressAndOneAuditEntry()
    {
        await using var node = await TestNode.StartAsync(_temp.Data());
        var file = File("clean.csv", Csv(Enumerable.Range(0, 500).Select(i => $"e164,_8{i:D5}X,sip:${{NUMBER}}@pbx-h.example.net,10,,,,,,,")));

        var run = await Numdir.AdminAsync(node, "ranges", "import", file);
        var lookup = await Numdir.AdminAsync(node, "lookup", "8004997");
        var audit = JsonParser.Default.Parse<ListAuditEntriesResponse>((await Numdir.AdminAsync(node, "audit", "--json")).Out);

        Assert.Equal(NumdirCommand.ExitOk, run.Exit);
        Assert.Contains("read 500 range(s) from", run.Err, StringComparison.Ordinal);
        Assert.Contains("checked 500 row(s), applied 500", run.Err, StringComparison.Ordinal);
        Assert.Equal("imported: 500 new, 0 replaced, 0 unchanged, 0 refused, 0 overlapping", run.Out.Trim());
        Assert.Equal(500, node.Services.GetRequiredService<RangeTable>().Count);
        Assert.Contains("sip:8004997@pbx-h.example.net", lookup.Out, StringComparison.Ordinal);
        var entry = Assert.Single(audit.Entries);
        Assert.Equal(("ImportRanges", "client 127.0.0.1", "500 row(s) from clean.csv: 500 published, 0 replaced, 0 unchanged"), (entry.Action, entry.Actor, entry.Summary));
    }

    [Fact]
    public async Task Replace_ReplacesPublishedRanges_EachWithAnAuditEntryBeforeAndAfter()
    {
        await using var node = await TestNode.StartAsync(_temp.Data());
        await Numdir.AdminAsync(node, "ranges", "add", "_4XXX", "--route", "sip:${NUMBER}@pbx-old.example.net");
        var file = File("replace.csv", Csv(["e164,_4XXX,sip:${NUMBER}@pbx-new.example.net,5,,,,,,,", "e164,_4XXX,iax2:pbx-new.example.net/${NUMBER},6,,,,,,,"]));

        var without = await Numdir.AdminAsync(node, "ranges", "import", file);
        var with = await Numdir.AdminAsync(node, "ranges", "import", file, "--replace");
        var audit = JsonParser.Default.Parse<ListAuditEntriesResponse>((await Numdir.AdminAsync(node, "audit", "--json", "--object", "range ")).Out);

        Assert.Equal(NumdirCommand.ExitRefused, without.Exit);
        Assert.Contains("line 2: conflict e164/_4XXX: range: '_4XXX' in context 'e164' is published with other routes or settings (sip:${NUMBER}@pbx-old.example.net weight 0); import with --replace", without.Out, StringComparison.Ordinal);
        Assert.Equal(NumdirCommand.ExitOk, with.Exit);
        Assert.Contains("imported: 0 new, 1 replaced", with.Out, StringComparison.Ordinal);
        Assert.Equal(["sip:${NUMBER}@pbx-new.example.net", "iax2:pbx-new.example.net/${NUMBER}"], node.Services.GetRequiredService<RangeTable>().Get("e164", "_4XXX")!.Routes.Select(r => r.Template.Text));
        var replaced = audit.Entries[0];
        Assert.Equal(("ImportRanges", "range e164/_4XXX"), (replaced.Action, replaced.Object));
        Assert.Contains("pbx-old", replaced.BeforeJson, StringComparison.Ordinal);
        Assert.Contains("pbx-new", replaced.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RowsThatFitTheZoneOneByOneButNotTogether_AreRefusedFromTheRowThatNoLongerFits()
    {
        var settings = ZoneTransferTests.LocalZone(("_4XXX", "sip:${NUMBER}@pbx-a.example.net", 0));
        settings["Enum:Zones:0:MaxTransferNames"] = "1250";
        await using var node = await TestNode.StartAsync(_temp.Data(), settings);
        var file = File("zone.csv", Csv(["e164,_50XX,sip:${NUMBER}@pbx-b.example.net,0,,,,,,,", "e164,_51XX,sip:${NUMBER}@pbx-b.example.net,0,,,,,,,", "e164,_52XX,sip:${NUMBER}@pbx-b.example.net,0,,,,,,,"]));

        var dry = await Numdir.AdminAsync(node, "ranges", "import", file, "--dry-run");
        var apply = await Numdir.AdminAsync(node, "ranges", "import", file);

        Assert.Equal(NumdirCommand.ExitRefused, dry.Exit);
        var refused = Assert.Single(dry.Out.Split('\n'), l => l.StartsWith("line ", StringComparison.Ordinal));
        Assert.StartsWith("line 4: admission e164/_52XX: range.pattern: ", refused, StringComparison.Ordinal);
        Assert.Contains("Enum:Zones:0:MaxTransferNames (1250)", refused, StringComparison.Ordinal);
        Assert.Equal(NumdirCommand.ExitRefused, apply.Exit);
        Assert.Null(node.Services.GetRequiredService<RangeTable>().Get("e164", "_50XX"));
    }

    [Fact]
    public async Task UnreadableFiles_NameTheLineColumnAndFix()
    {
        await using var node = await TestNode.StartAsync(_temp.Data());
        var header = File("header.csv", "pattern,uri,weight\n_4XXX,sip:${NUMBER}@pbx.example.net,1\n");
        var quote = File("quote.csv", Csv(["e164,_4XXX,\"sip:${NUMBER}@pbx.example.net,1,,,,,,,"]));
        var json = File("bad.json", "{\"ranges\": [\n{\"pattern\": \"_4XXX\", \"routes\": [{\"uriTemplate\": \"sip:${NUMBER}@pbx.example.net\"}]},\n{\"pattern\": \"_5XXX\", \"rootes\": []}\n]}");

        var badHeader = await Numdir.AdminAsync(node, "ranges", "import", header);
        var badQuote = await Numdir.AdminAsync(node, "ranges", "import", quote);
        var badJson = await Numdir.AdminAsync(node, "ranges", "import", json);
        var missing = await Numdir.AdminAsync(node, "ranges", "import", Path.Combine(_temp.Path, "none.csv"));

        Assert.Equal(NumdirCommand.ExitRefused, badHeader.Exit);
        Assert.Contains("line 1: syntax: header: column 9: 'uri' is not a column; the columns are context,pattern,uri_template,", badHeader.Out, StringComparison.Ordinal);
        Assert.Equal(NumdirCommand.ExitRefused, badQuote.Exit);
        Assert.Contains("line 2: syntax: csv: column 12: the quote opened here (line 2) is never closed", badQuote.Out, StringComparison.Ordinal);
        Assert.Equal(NumdirCommand.ExitRefused, badJson.Exit);
        Assert.Contains("line 3: syntax: range: ", badJson.Out, StringComparison.Ordinal);
        Assert.Contains("rootes", badJson.Out, StringComparison.Ordinal);
        Assert.Equal(0, node.Services.GetRequiredService<RangeTable>().Count);
        Assert.Equal(NumdirCommand.ExitUsage, missing.Exit);
        Assert.Contains("cannot read", missing.Err, StringComparison.Ordinal);
    }

    private static int LineOf(string text) => int.Parse(text["line ".Length..text.IndexOf(':', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
}
