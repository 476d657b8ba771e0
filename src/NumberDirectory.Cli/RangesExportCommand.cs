using System.CommandLine;
using Grpc.Core;
using NumberDirectory.Admin.V1;

namespace NumberDirectory.Cli;

/// <summary><c>numdir ranges export [file]</c>: every range as CSV or JSON, streamed from the node (RangeService.ExportRanges).</summary>
internal static class RangesExportCommand
{
    public static Command Create(CommonArguments common)
    {
        var file = new Argument<string?>("file") { Description = "Where to write (default: standard output)", Arity = ArgumentArity.ZeroOrOne };
        var format = RangeFileFormat.Option();
        var context = new Option<string>("--context") { Description = "Only this context (default: every context)", HelpName = "context" };
        var source = new Option<string>("--source") { Description = "Only config or runtime ranges (default: both)" };
        source.AcceptOnlyFromAmong("config", "runtime");
        var command = new Command("export", "Write every range as CSV or JSON, to import on this node or another (numdir ranges import)") { file, format, context, source };
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var path = parse.GetValue(file);
            var json = RangeFileFormat.Of(parse.GetValue(format), path) == RangeFileFormat.Json;
            var request = new ExportRangesRequest
            {
                Context = parse.GetValue(context) ?? string.Empty,
                Source = parse.GetValue(source) switch { "config" => RangeSource.Config, "runtime" => RangeSource.Runtime, _ => RangeSource.Unspecified },
            };
            using var call = new RangeService.RangeServiceClient(session.Channel).ExportRanges(request, session.Stream(ct));
            var written = 0;
            var total = 0;
            var target = path is null ? null : Open(path);
            var output = target ?? session.Output;
            try
            {
                await output.WriteLineAsync(json ? RangeJson.Opening : RangeCsv.Header);
                await foreach (var batch in call.ResponseStream.ReadAllAsync(ct))
                {
                    total = batch.TotalSize;
                    foreach (var range in batch.Ranges)
                    {
                        if (json)
                        {
                            await output.WriteLineAsync((written > 0 ? "," : string.Empty) + JsonOutput.Format(range));
                        }
                        else
                        {
                            foreach (var line in RangeCsv.Lines(range))
                            {
                                await output.WriteLineAsync(line);
                            }
                        }

                        written++;
                    }
                }

                if (json)
                {
                    await output.WriteLineAsync(RangeJson.Closing(written));
                }
            }
            finally
            {
                if (target is not null)
                {
                    await target.DisposeAsync();
                }
            }

            if (path is not null)
            {
                await session.Error.WriteLineAsync(FormattableString.Invariant($"exported {written} range(s) of {total} to {path}"));
            }

            return NumdirCommand.ExitOk;
        }, ct));
        return command;
    }

    private static StreamWriter Open(string path)
    {
        try
        {
            return new StreamWriter(path, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write {path}: {ex.Message}");
        }
    }
}
