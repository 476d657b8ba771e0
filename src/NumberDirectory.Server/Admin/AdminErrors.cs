using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace NumberDirectory.Server.Admin;

/// <summary>
/// INVALID_ARGUMENT with the field-level reasons (google.rpc.BadRequest), so a client can show the admin
/// what is wrong with which field and how to fix it.
/// </summary>
internal static class AdminErrors
{
    /// <summary>One violation per (field, what is wrong and how to fix it).</summary>
    public static RpcException InvalidArgument(string summary, IEnumerable<(string Field, string Description)> violations)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = badRequest.FieldViolations.Count == 0 ? summary : $"{summary}: {string.Join("; ", badRequest.FieldViolations.Select(v => $"{v.Field}: {v.Description}"))}",
            Details = { Any.Pack(badRequest) },
        };
        return status.ToRpcException();
    }

    /// <summary>A single invalid field.</summary>
    public static RpcException InvalidArgument(string field, string description) =>
        InvalidArgument("invalid request", [(field, description)]);
}
