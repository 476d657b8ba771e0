using Google.Rpc;
using Grpc.Core;

namespace NumberDirectory.Cli;

/// <summary>
/// A failed admin call, told to the administrator: the node's own message, then every field-level reason it
/// attached (google.rpc.BadRequest, PreconditionFailure), one per line, and the exit status that class of
/// failure has.
/// </summary>
internal static class RpcErrorReport
{
    public static int ExitCode(StatusCode code) => code switch
    {
        StatusCode.NotFound => NumdirCommand.ExitNotFound,
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.AlreadyExists or StatusCode.OutOfRange => NumdirCommand.ExitRefused,
        StatusCode.Unauthenticated or StatusCode.PermissionDenied => NumdirCommand.ExitUnauthenticated,

        // Unreachable, too slow, or a node that cannot do what was asked (UNIMPLEMENTED on an older node,
        // INTERNAL): nothing the arguments can fix.
        _ => NumdirCommand.ExitUnavailable,
    };

    public static async Task<int> WriteAsync(RpcException failure, AdminTarget target, TextWriter error)
    {
        var status = failure.GetRpcStatus();
        var message = status?.Message is { Length: > 0 } rich ? rich : failure.Status.Detail;
        var violations = status?.GetDetail<BadRequest>()?.FieldViolations.Select(v => $"{v.Field}: {v.Description}").ToList() ?? [];

        // The node's message may repeat the reasons after its summary; they are printed one per line below.
        var repeated = ": " + string.Join("; ", violations);
        if (violations.Count > 0 && message.EndsWith(repeated, StringComparison.Ordinal))
        {
            message = message[..^repeated.Length];
        }

        // A connection that failed before any gRPC was spoken (refused, TLS not trusted) may come as INTERNAL.
        var transport = failure.StatusCode == StatusCode.Unavailable || failure.Status.DebugException is HttpRequestException;
        var line = failure.StatusCode switch
        {
            _ when transport => $"numdir: cannot reach the node at {target}: {Cause(failure) ?? message}",
            StatusCode.DeadlineExceeded => $"numdir: the node at {target} did not answer in time: {message}",
            StatusCode.Unimplemented => $"numdir: the node at {target} does not implement this call (UNIMPLEMENTED): {message}",
            _ => $"numdir: {message} ({Name(failure.StatusCode)})",
        };
        await error.WriteLineAsync(line).ConfigureAwait(false);

        foreach (var violation in violations)
        {
            await error.WriteLineAsync($"  {violation}").ConfigureAwait(false);
        }

        foreach (var violation in status?.GetDetail<PreconditionFailure>()?.Violations ?? [])
        {
            await error.WriteLineAsync($"  {violation.Subject}: {violation.Description}").ConfigureAwait(false);
        }

        if (failure.StatusCode == StatusCode.Unauthenticated)
        {
            await error.WriteLineAsync("  give the node's admin token with --token or the NUMDIR_TOKEN environment variable").ConfigureAwait(false);
        }

        return transport ? NumdirCommand.ExitUnavailable : ExitCode(failure.StatusCode);
    }

    // The channel's own exception says why a connection failed (refused, TLS, name); the status alone does not.
    private static string? Cause(RpcException failure)
    {
        var causes = new List<string>();
        for (var inner = failure.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            causes.Add(inner.Message);
        }

        return causes.Count == 0 ? null : string.Join(": ", causes.Distinct());
    }

    private static string Name(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.Unauthenticated => "UNAUTHENTICATED",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        _ => code.ToString().ToUpperInvariant(),
    };
}
