using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using NumberDirectory.Admin.V1;

namespace NumberDirectory.Cli;

/// <summary>
/// <c>numdir watch</c>: lookups as the doors answer them, one line each, until Ctrl-C or <c>--count</c>
/// (LookupService.WatchLookups). Events lost on the way are reported on stderr: those the node dropped for this
/// watcher (the response's <c>dropped</c>) and those this side's bounded buffer dropped for a slow terminal.
/// </summary>
internal static class WatchCommand
{
    public static Command Create(CommonArguments common)
    {
        var doors = new Option<string[]>("--door") { Description = "Only lookups through this door: http, agi, dundi, enum, admin; repeatable" };
        doors.AcceptOnlyFromAmong("http", "agi", "dundi", "enum", "admin");
        var prefix = new Option<string>("--prefix") { Description = "Only numbers starting with this" };
        var context = new Option<string>("--context") { Description = "Only this context" };
        var statuses = new Option<string[]>("--status") { Description = "Only lookups that ended so: found, not-found, failed, loop; repeatable" };
        statuses.AcceptOnlyFromAmong("found", "not-found", "failed", "loop");
        var count = BoundedNumber.Int("--count", "Stop after this many events (default: until Ctrl-C)", 1, int.MaxValue);
        var buffer = BoundedNumber.Int("--buffer", "Events held for a slow terminal before the oldest are dropped", 1, 1_000_000, 1000);
        var command = new Command("watch", "Show lookups live as the doors answer them") { doors, prefix, context, statuses, count, buffer };
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, (session, ct) =>
        {
            var request = new WatchLookupsRequest { NumberPrefix = parse.GetValue(prefix) ?? string.Empty, Context = parse.GetValue(context) ?? string.Empty };
            request.Doors.AddRange(parse.GetValue(doors) ?? []);
            request.Statuses.AddRange((parse.GetValue(statuses) ?? []).Select(Status));
            return WatchAsync(session, request, parse.GetValue(count), parse.GetValue(buffer), ct);
        }, ct));
        return command;
    }

    private static async Task<int> WatchAsync(AdminSession session, WatchLookupsRequest request, int? count, int capacity, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = new LookupService.LookupServiceClient(session.Channel).WatchLookups(request, session.Stream(stop.Token));
        var buffer = new WatchBuffer<WatchLookupsResponse>(capacity);
        var pump = PumpAsync(call.ResponseStream, buffer, stop.Token);
        var (shown, droppedHere, droppedThere) = (0L, 0L, 0L);
        var ended = true;
        try
        {
            await foreach (var response in buffer.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var lost = buffer.TakeDropped();
                if (lost > 0)
                {
                    droppedHere += lost;
                    await session.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"numdir: dropped {lost} event(s) here: they arrived faster than this terminal printed them")).ConfigureAwait(false);
                }

                if (response.Dropped > 0)
                {
                    droppedThere += response.Dropped;
                    await session.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"numdir: the node dropped {response.Dropped} event(s) for this watcher")).ConfigureAwait(false);
                }

                await session.Output.WriteLineAsync(session.Json ? JsonOutput.Format(response) : Line(response.Event)).ConfigureAwait(false);
                if (++shown == count)
                {
                    ended = false;
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C.
            ended = false;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
        }

        droppedHere += buffer.TakeDropped();
        await session.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"numdir: {shown} event(s) shown, {droppedHere} dropped here, {droppedThere} dropped by the node")).ConfigureAwait(false);
        if (ended)
        {
            await session.Error.WriteLineAsync("numdir: the node ended the watch").ConfigureAwait(false);
            return NumdirCommand.ExitUnavailable;
        }

        return NumdirCommand.ExitOk;
    }

    // Reads the stream as fast as it comes, whatever the terminal does; a failure reaches the reader through the buffer.
    private static async Task PumpAsync(IAsyncStreamReader<WatchLookupsResponse> stream, WatchBuffer<WatchLookupsResponse> buffer, CancellationToken stop)
    {
        try
        {
            while (await stream.MoveNext(stop).ConfigureAwait(false))
            {
                buffer.Add(stream.Current);
            }

            buffer.Complete();
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && stop.IsCancellationRequested)
        {
            buffer.Complete();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            buffer.Complete();
        }
        catch (RpcException ex)
        {
            buffer.Complete(ex);
        }
    }

    private static LookupStatus Status(string name) => name switch
    {
        "found" => LookupStatus.Found,
        "not-found" => LookupStatus.NotFound,
        "failed" => LookupStatus.Failed,
        _ => LookupStatus.Loop,
    };

    private static string Line(LookupEvent lookup)
    {
        var at = lookup.At?.ToDateTimeOffset().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) ?? "-";
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{at}  {lookup.Door,-5}  {lookup.Client}  {lookup.Number} in {RangeText.Context(lookup.Context)}: {AnswerText.Status(lookup.Status)}{(lookup.Partial ? " (partial)" : string.Empty)}, {lookup.Routes} route(s), {AnswerText.Milliseconds(lookup.Latency)}");
        if (lookup.AnsweredBy.Count > 0)
        {
            line += $", from {string.Join(' ', lookup.AnsweredBy)}";
        }

        return lookup.Error.Length > 0 ? $"{line}: {lookup.Error}" : line;
    }
}
