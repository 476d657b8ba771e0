using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NumberDirectory.Server.Backup;
using NumberDirectory.Server.Storage;
using Proto = NumberDirectory.Admin.V1;

namespace NumberDirectory.Server.Admin;

/// <summary>
/// Online backups: a consistent snapshot of the data file, streamed to the caller while the node serves
/// (README §Backup and restore, docs/architecture.md §Backup and restore).
/// </summary>
internal sealed partial class BackupAdminService(NodeDatabase database, TimeProvider time, ILogger<BackupAdminService> logger, BackupWriteWait? writeWait = null) : Proto.BackupService.BackupServiceBase
{
    private readonly TimeSpan _writeWait = (writeWait ?? BackupWriteWait.Default).Value;

    // Well under the admin API's message limit, large enough that a stream of megabytes is few messages.
    private const int ChunkBytes = 256 << 10;

    public override async Task CreateBackup(Proto.CreateBackupRequest request, IServerStreamWriter<Proto.CreateBackupResponse> responseStream, ServerCallContext context)
    {
        // Synchronous to the end of the snapshot: the write hold is released on the thread that took it.
        var content = BackupSnapshot.Take(database, time.GetUtcNow(), _writeWait)
            ?? throw new RpcException(new Status(StatusCode.Unavailable, $"writes in progress did not finish within {_writeWait.TotalSeconds:0.#} s, so no consistent snapshot could be taken; nothing was held: try again"));
        var file = BackupCodec.Encode(content);
        var summary = new Proto.BackupSummary
        {
            FormatVersion = (uint)content.Header.FormatVersion,
            NodeEid = content.Header.NodeEid ?? string.Empty,
            CreatedAt = Timestamp.FromDateTimeOffset(content.Header.CreatedUtc),
            SizeBytes = file.Length,
            Sha256 = ByteString.CopyFrom(SHA256.HashData(file)),
        };
        summary.Collections.AddRange(content.Header.Counts.Select(c => new Proto.BackupCollection { Name = c.Collection, Documents = c.Documents }));
        var caller = AdminAuthInterceptor.Caller(context);
        var (ranges, peers) = (content.Of(RangeStore.Collection).Count, content.Of(PeerStore.Collection).Count);
        LogBackup(caller, file.Length, ranges, peers);

        await responseStream.WriteAsync(new Proto.CreateBackupResponse { Summary = summary }, context.CancellationToken).ConfigureAwait(false);
        for (var at = 0; at < file.Length; at += ChunkBytes)
        {
            var chunk = ByteString.CopyFrom(file, at, Math.Min(ChunkBytes, file.Length - at));
            await responseStream.WriteAsync(new Proto.CreateBackupResponse { Chunk = chunk }, context.CancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup taken for {Caller}: {Bytes} bytes, {Ranges} runtime ranges, {Peers} runtime peers")]
    private partial void LogBackup(string caller, int bytes, int ranges, int peers);
}
