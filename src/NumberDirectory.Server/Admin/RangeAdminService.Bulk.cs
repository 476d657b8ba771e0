using System.Globalization;
using Grpc.Core;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.Storage;
using Proto = NumberDirectory.Admin.V1;

namespace NumberDirectory.Server.Admin;

/// <summary>Export and import of many ranges at once (README "Bulk import and export").</summary>
internal sealed partial class RangeAdminService
{
    /// <summary>Ranges in one export message.</summary>
    public const int ExportBatch = 1000;

    /// <summary>Most rows in one import message.</summary>
    public const int MaxImportBatch = 10_000;

    // Ranges applied in one data-file transaction: large enough that 100k rows take a hundred
    // transactions, small enough that the progress moves and lookups are never held up for long.
    private const int ApplyBatch = 1000;

    public override async Task ExportRanges(Proto.ExportRangesRequest request, IServerStreamWriter<Proto.ExportRangesResponse> responseStream, ServerCallContext context)
    {
        var source = Source(request.Source);
        var all = table.Snapshot().Where(r => (request.Context.Length == 0 || r.Context == request.Context) && (source is null || r.Source == source)).ToList();
        for (var start = 0; start == 0 || start < all.Count; start += ExportBatch)
        {
            var message = new Proto.ExportRangesResponse { TotalSize = all.Count };
            message.Ranges.AddRange(all.Skip(start).Take(ExportBatch).Select(ToProto));
            await responseStream.WriteAsync(message, context.CancellationToken).ConfigureAwait(false);
            if (all.Count == 0)
            {
                break;
            }
        }
    }

    public override async Task ImportRanges(IAsyncStreamReader<Proto.ImportRangesRequest> requestStream, IServerStreamWriter<Proto.ImportRangesResponse> responseStream, ServerCallContext context)
    {
        var cancellation = context.CancellationToken;
        if (!await requestStream.MoveNext(cancellation).ConfigureAwait(false) || requestStream.Current.KindCase != Proto.ImportRangesRequest.KindOneofCase.Start)
        {
            throw AdminErrors.InvalidArgument("start", "the first message of an import says how to import (dry_run, replace); send it before the rows");
        }

        var start = requestStream.Current.Start;
        var plan = new RangeImportPlan(table, admission, start.Replace);
        var batches = 0;
        while (await requestStream.MoveNext(cancellation).ConfigureAwait(false))
        {
            batches++;
            var message = requestStream.Current;
            if (message.KindCase != Proto.ImportRangesRequest.KindOneofCase.Batch)
            {
                throw AdminErrors.InvalidArgument($"batch[{batches}]", "is not a batch of rows: send the start once, first, and then only batches");
            }

            if (message.Batch.Rows.Count > MaxImportBatch)
            {
                throw AdminErrors.InvalidArgument($"batch[{batches}].rows", $"holds {message.Batch.Rows.Count} rows; send at most {MaxImportBatch} in one batch");
            }

            if (plan.Checked + message.Batch.Rows.Count > RangeImportPlan.MaxRows)
            {
                throw AdminErrors.InvalidArgument($"batch[{batches}].rows", $"the import passes {RangeImportPlan.MaxRows} rows; split the file and import the parts one after the other");
            }

            var progress = new Proto.ImportRangesResponse { RowsChecked = plan.Checked };
            progress.Issues.AddRange(plan.Check(message.Batch.Rows));
            progress.RowsChecked = plan.Checked;
            await responseStream.WriteAsync(progress, cancellation).ConfigureAwait(false);
        }

        var changes = plan.Changes;
        var apply = !start.DryRun && plan.Refused == 0;
        if (apply)
        {
            await ApplyAsync(changes, plan.Checked, responseStream).ConfigureAwait(false);
            RecordImport(context, start, plan);
        }

        var replaced = changes.Count(c => c.Replacing is not null);
        await responseStream.WriteAsync(new Proto.ImportRangesResponse
        {
            RowsChecked = plan.Checked,
            RowsApplied = apply ? changes.Count : 0,
            Result = new Proto.ImportRangesResult
            {
                Applied = apply,
                Published = changes.Count - replaced,
                Replaced = replaced,
                Unchanged = plan.Unchanged,
                Refused = plan.Refused,
                Overlapping = plan.Overlapping,
            },
        }, cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes the plan's ranges batch by batch, reporting after each. A batch refused here means the
    /// node changed since the check: what was applied is taken back, so an import is all or nothing.
    /// </summary>
    private async Task ApplyAsync(IReadOnlyList<RangeReplacement> changes, int rowsChecked, IServerStreamWriter<Proto.ImportRangesResponse> responseStream)
    {
        var applied = new List<RangeReplacement>(changes.Count);
        for (var start = 0; start < changes.Count; start += ApplyBatch)
        {
            var batch = changes.Skip(start).Take(ApplyBatch).ToList();
            if (!catalog.TryApply(batch, out var error))
            {
                catalog.Undo(applied);
                throw new RpcException(new Status(StatusCode.Aborted, $"the node changed while importing, nothing was kept: {error}; run the import again"));
            }

            applied.AddRange(batch);

            try
            {
                await responseStream.WriteAsync(new Proto.ImportRangesResponse { RowsChecked = rowsChecked, RowsApplied = applied.Count }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or OperationCanceledException)
            {
                // The client went away: the import goes on and is applied whole, as it was checked;
                // the audit log and ListRanges show the outcome.
            }
        }
    }

    /// <summary>
    /// One entry for the import with its counts, and one per range it replaced, with before and after:
    /// new ranges are in the data file themselves, but what a replaced range was is kept nowhere else.
    /// </summary>
    private void RecordImport(ServerCallContext context, Proto.ImportRangesStart start, RangeImportPlan plan)
    {
        var replaced = plan.Changes.Where(c => c.Replacing is not null).ToList();
        var name = start.SourceName.Length == 0 ? "an import" : start.SourceName;
        var summary = string.Create(CultureInfo.InvariantCulture, $"{plan.Checked} row(s) from {name}: {plan.Changes.Count - replaced.Count} published, {replaced.Count} replaced, {plan.Unchanged} unchanged");
        var caller = AdminAuthInterceptor.Caller(context);
        LogImported(summary, caller);
        audit.Record(context, [
            new AuditChange("ranges (import)", null, null, summary),
            .. replaced.Select(c => new AuditChange(AuditObject(c.Range), ToProto(c.Replacing!), ToProto(c.Range), $"replaced by {name}")),
        ]);
    }

    private static RangeSource? Source(Proto.RangeSource source) => source switch
    {
        Proto.RangeSource.Config => RangeSource.Config,
        Proto.RangeSource.Runtime => RangeSource.Runtime,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Range import: {Summary}, by {Caller}")]
    private partial void LogImported(string summary, string caller);
}
