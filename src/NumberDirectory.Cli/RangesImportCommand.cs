using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using NumberDirectory.Admin.V1;

namespace NumberDirectory.Cli;

/// <summary>
/// <c>numdir ranges import FILE [--dry-run] [--replace]</c>: many ranges in one call (RangeService.ImportRanges),
/// all or nothing. The file is read first (syntax problems are found here), the rows go to the node in
/// batches, and every problem is listed by line; progress goes to standard error. README "Bulk import and export".
/// </summary>
internal static class RangesImportCommand
{
    // Rows read, checked and applied are reported at most this often on standard error, and once at the end.
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);

    public static Command Create(CommonArguments common)
    {
        var file = new Argument<string>("file") { Description = "The CSV or JSON file (as ranges export writes it)" };
        var format = RangeFileFormat.Option();
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every row against the node and list every problem; change nothing" };
        var replace = new Option<bool>("--replace") { Description = "A row for a range published with other routes replaces it (default: a conflict, which refuses the import)" };
        var batchSize = BoundedNumber.Int("--batch-size", "Rows in one message to the node", 1, 10_000, 1000);
        var command = new Command("import", "Publish the ranges of a CSV or JSON file, all or nothing; --dry-run lists every problem by line") { file, format, dryRun, replace, batchSize };
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var path = parse.GetRequiredValue(file);
            var clock = Stopwatch.StartNew();
            var progress = new Progress(session.Error, clock);
            var read = Read(path, RangeFileFormat.Of(parse.GetValue(format), path), lines => progress.Report($"read {lines} line(s) of {path}"));
            await session.Error.WriteLineAsync(FormattableString.Invariant($"read {read.Rows.Count} range(s) from {path}{(read.Problems.Count > 0 ? $", {read.Problems.Count} line(s) unreadable: checking the rest, importing nothing" : string.Empty)}"));

            // A file with lines that cannot be read is never applied: the rest is checked, so one run lists every problem.
            var dry = parse.GetValue(dryRun) || read.Problems.Count > 0;
            using var call = new RangeService.RangeServiceClient(session.Channel).ImportRanges(session.Stream(ct));
            var sending = SendAsync(call.RequestStream, new ImportRangesStart { DryRun = dry, Replace = parse.GetValue(replace), SourceName = Path.GetFileName(path) }, read.Rows, parse.GetValue(batchSize), ct);
            var issues = new List<ImportRowIssue>(read.Problems);
            ImportRangesResponse? last = null;
            try
            {
                await foreach (var message in call.ResponseStream.ReadAllAsync(ct))
                {
                    issues.AddRange(message.Issues);
                    last = message;
                    progress.Report(message.RowsApplied > 0
                        ? FormattableString.Invariant($"applied {message.RowsApplied} of {message.RowsChecked} row(s)")
                        : FormattableString.Invariant($"checked {message.RowsChecked} of {read.Rows.Count} row(s)"));
                }
            }
            finally
            {
                // The node's answer decides; a failed send is the call's failure, which the loop above has seen.
                await sending.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            await sending;
            var result = last?.Result ?? throw new RpcException(new Status(StatusCode.Unavailable, "the node ended the import without its result; see the node's log, then run it again"));
            progress.Done(last);
            return await ReportAsync(session, issues, result, read.Problems.Count, dry);
        }, ct));
        return command;
    }

    private static RangeFileRows Read(string path, string format, Action<int> read)
    {
        try
        {
            if (format == RangeFileFormat.Json)
            {
                return RangeJson.Read(File.ReadAllBytes(path), read);
            }

            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            return RangeCsv.Read(reader, read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read {path}: {ex.Message}");
        }
    }

    private static async Task SendAsync(IClientStreamWriter<ImportRangesRequest> requests, ImportRangesStart start, IReadOnlyList<ImportRangeRow> rows, int batchSize, CancellationToken cancellationToken)
    {
        await requests.WriteAsync(new ImportRangesRequest { Start = start }, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < rows.Count; i += batchSize)
        {
            var batch = new ImportRangesBatch();
            batch.Rows.AddRange(rows.Skip(i).Take(batchSize));
            await requests.WriteAsync(new ImportRangesRequest { Batch = batch }, cancellationToken).ConfigureAwait(false);
        }

        await requests.CompleteAsync().ConfigureAwait(false);
    }

    private static async Task<int> ReportAsync(AdminSession session, List<ImportRowIssue> issues, ImportRangesResult result, int unreadable, bool dry)
    {
        var sorted = issues.OrderBy(i => i.Line).ThenBy(i => i.Refused ? 0 : 1).ToList();
        var refused = result.Refused + unreadable;
        if (session.Json)
        {
            foreach (var issue in sorted)
            {
                await session.WriteJsonAsync(issue);
            }

            await session.WriteJsonAsync(result);
        }
        else
        {
            foreach (var issue in sorted)
            {
                var what = issue.Pattern.Length > 0 ? $" {(issue.Context.Length == 0 ? "e164" : issue.Context)}/{issue.Pattern}" : string.Empty;
                await session.Output.WriteLineAsync(FormattableString.Invariant($"line {issue.Line}: {Kind(issue.Kind)}{(issue.Refused ? string.Empty : " (warning)")}{what}: {issue.Field}: {issue.Description}"));
            }

            var counts = FormattableString.Invariant($"{result.Published} new, {result.Replaced} replaced, {result.Unchanged} unchanged, {refused} refused, {result.Overlapping} overlapping");
            await session.Output.WriteLineAsync(
                result.Applied ? $"imported: {counts}"
                : refused > 0 ? $"refused, nothing changed: {counts}; fix the lines above (or leave them out) and import again"
                : $"dry run, nothing changed: {counts}; import without --dry-run to apply");
        }

        return refused > 0 ? NumdirCommand.ExitRefused : NumdirCommand.ExitOk;
    }

    private static string Kind(ImportRowIssueKind kind) => kind switch
    {
        ImportRowIssueKind.ConfigOwned => "config-owned",
        ImportRowIssueKind.Unspecified => "problem",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Progress lines on standard error: at most one a second, and the last one always.</summary>
    private sealed class Progress(TextWriter error, Stopwatch clock)
    {
        private TimeSpan _last = TimeSpan.Zero;

        public void Report(string text)
        {
            if (clock.Elapsed - _last >= ProgressEvery)
            {
                _last = clock.Elapsed;
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{text} ({clock.Elapsed.TotalSeconds:0.0} s)"));
            }
        }

        public void Done(ImportRangesResponse last)
        {
            var seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"checked {last.RowsChecked} row(s), applied {last.RowsApplied}, in {seconds:0.0} s ({last.RowsChecked / seconds:0} rows/s)"));
        }
    }
}
