using System.Net;
using Microsoft.Extensions.Options;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Routes;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Agi;

/// <summary>
/// The one FastAGI script the node serves, <c>agi://node/lookup?context=e164&amp;timeout=0.5</c>: reads the
/// header, runs the lookup under the request's deadline, sets the <c>ND_*</c> variables one command at a
/// time and returns, after which the listener closes the connection (AGISTATUS=SUCCESS).
/// </summary>
/// <remarks>docs/architecture.md §FastAGI door and §Results on each door.</remarks>
internal sealed partial class AgiLookupScript(
    ILookupPipeline pipeline,
    DialStringRenderer dial,
    IOptions<LookupOptions> lookupOptions,
    IOptions<AgiOptions> agiOptions,
    TimeProvider time,
    NodeMetrics metrics,
    LookupWatch watch,
    ILogger<AgiLookupScript> logger)
{
    public const string Door = "agi";
    public const string Name = "lookup";

    private readonly TimeSpan _headerTimeout = TimeSpan.FromMilliseconds(agiOptions.Value.HeaderTimeoutMs);
    private readonly TimeSpan _responseTimeout = TimeSpan.FromMilliseconds(agiOptions.Value.ResponseTimeoutMs);

    public async Task RunAsync(AgiConnection connection, CancellationToken stoppingToken)
    {
        connection.Expect(_headerTimeout);
        AgiHeader header;
        try
        {
            if (await ReadHeaderAsync(connection) is not { } complete)
            {
                return;
            }

            header = complete;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            Reject("header-timeout");
            return;
        }

        connection.Pause();
        var variables = await LookupAsync(header, connection.Remote, stoppingToken);
        try
        {
            await SetVariablesAsync(connection, variables);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            LogNoAnswer(_responseTimeout.TotalMilliseconds);
        }
    }

    /// <summary>The header, or null when the connection was refused (already counted).</summary>
    private async ValueTask<AgiHeader?> ReadHeaderAsync(AgiConnection connection)
    {
        var header = new AgiHeader();
        for (var lines = 0; lines <= AgiHeader.MaxLines; lines++)
        {
            var line = await connection.ReadLineAsync();
            switch (line.Kind)
            {
                case AgiLineKind.End:
                    Reject("header-incomplete");
                    return null;
                case AgiLineKind.TooLong:
                    Reject("line-too-long");
                    return null;
                case AgiLineKind.Garbage:
                    Reject("garbage");
                    return null;
            }

            if (line.Text.Length == 0)
            {
                return header;
            }

            if (!header.TryAdd(line.Text))
            {
                Reject("garbage");
                return null;
            }
        }

        Reject("too-many-lines");
        return null;
    }

    private async ValueTask<List<KeyValuePair<string, string>>> LookupAsync(AgiHeader header, EndPoint? remote, CancellationToken stoppingToken)
    {
        var started = time.GetTimestamp();
        var (script, query) = header.Script();
        if (script.Length > 0 && !script.Equals(Name, StringComparison.OrdinalIgnoreCase))
        {
            return Invalid("script", $"unknown script '{script}'; use agi://node/{Name}");
        }

        if (!DialNumber.TryParse(header.Number, out var number, out var numberError))
        {
            return Invalid("number", $"invalid number: {numberError}");
        }

        var context = query.TryGetValue("context", out var given) ? given : LookupContexts.Default;
        if (!LookupContexts.IsValid(context))
        {
            return Invalid("context", $"invalid context '{context}': use 1-{LookupContexts.MaxLength} letters, digits, '-', '_' or '.'");
        }

        var options = lookupOptions.Value;
        if (!LookupBudget.TryParse(query.GetValueOrDefault("timeout"), options, out var budget, out var timeoutError))
        {
            return Invalid("timeout", timeoutError);
        }

        var request = new LookupRequest(number, context, options.HopBudget, [], time.GetUtcNow() + budget);
        var result = await pipeline.LookupAsync(request, stoppingToken);
        metrics.Lookup(Door, result.Status, time.GetElapsedTime(started));
        if (watch.Watched)
        {
            watch.Report(Door, remote?.ToString() ?? string.Empty, request.Number.ToString(), request.Context, result, time.GetElapsedTime(started));
        }
        string? error = null;
        if (result.Status == LookupStatus.Failed)
        {
            error = result.Trace.IsDefaultOrEmpty ? "lookup failed" : result.Trace[^1].Message;
            LogFailed(number.ToString(), context, string.Join(" | ", result.Trace.Select(t => $"{t.Source}: {t.Message}")));
        }

        return AgiVariables.FromResult(result, dial, error);
    }

    private List<KeyValuePair<string, string>> Invalid(string reason, string message)
    {
        metrics.Rejected(Door, reason);
        return AgiVariables.Invalid(message);
    }

    private async ValueTask SetVariablesAsync(AgiConnection connection, List<KeyValuePair<string, string>> variables)
    {
        foreach (var (name, value) in variables)
        {
            connection.Expect(_responseTimeout);
            await connection.WriteLineAsync(AgiCommand.SetVariable(name, value));
            var reply = await connection.ReadLineAsync();
            if (reply.Kind != AgiLineKind.Line || AgiCommand.IsHangup(reply.Text))
            {
                LogHungUp(name);
                return;
            }

            if (!AgiCommand.IsSuccess(reply.Text))
            {
                LogRefused(name, reply.Text);
                return;
            }
        }
    }

    private void Reject(string reason)
    {
        metrics.Rejected(Door, reason);
        LogRejected(reason);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "FastAGI session closed before a lookup: {Reason}")]
    private partial void LogRejected(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lookup of {Number} in {Context} failed: {Trace}")]
    private partial void LogFailed(string number, string context, string trace);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The channel hung up while {Variable} was being set; session closed")]
    private partial void LogHungUp(string variable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Asterisk refused SET VARIABLE {Variable} with '{Reply}'; session closed")]
    private partial void LogRefused(string variable, string reply);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Asterisk did not answer a command within {TimeoutMs} ms (Agi:ResponseTimeoutMs); session closed")]
    private partial void LogNoAnswer(double timeoutMs);
}
