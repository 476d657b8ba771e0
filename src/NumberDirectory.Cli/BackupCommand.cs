using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Grpc.Core;
using NumberDirectory.Admin.V1;

namespace NumberDirectory.Cli;

/// <summary>
/// <c>numdir backup &lt;file&gt; [--force]</c>: takes an online backup of the node (BackupService.CreateBackup)
/// into a file, atomically: written beside it under a temporary name (mode 600: it holds what the data
/// file holds), checked against the node's size and SHA-256, flushed to disk, then renamed into place.
/// </summary>
/// <remarks>README §Backup and restore.</remarks>
internal static class BackupCommand
{
    public static Command Create(CommonArguments common)
    {
        var file = new Argument<FileInfo>("file") { Description = "Where to write the backup (refused when it exists, unless --force)" };
        var force = new Option<bool>("--force") { Description = "Replace the file when it exists" };
        var command = new Command("backup", "Take an online backup of the node's data into a file (restore it with the node's 'restore' command)") { file, force };
        command.SetAction((parse, ct) => AdminSession.RunAsync(parse, common, async (session, ct) =>
        {
            var target = parse.GetRequiredValue(file).FullName;
            var replace = parse.GetValue(force);
            if (File.Exists(target) && !replace)
            {
                throw new UsageException($"{target} exists; give --force to replace it, or another file name");
            }

            var summary = await ReceiveAsync(new BackupService.BackupServiceClient(session.Channel), session, target, replace, ct).ConfigureAwait(false);
            if (session.Json)
            {
                await session.WriteJsonAsync(summary);
                return NumdirCommand.ExitOk;
            }

            await session.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"wrote {target}: {summary.SizeBytes} bytes, sha256 {Convert.ToHexStringLower(summary.Sha256.Span)}")).ConfigureAwait(false);
            await session.Output.WriteLineAsync($"node {(summary.NodeEid.Length > 0 ? summary.NodeEid : "(no EID)")}, taken {summary.CreatedAt.ToDateTimeOffset().UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}: {string.Join(", ", summary.Collections.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {c.Documents}")))}").ConfigureAwait(false);
            await session.Output.WriteLineAsync("it holds the node's identity, ranges and peers: keep it where only the node's administrators can read it").ConfigureAwait(false);
            return NumdirCommand.ExitOk;
        }, ct));
        return command;
    }

    private static async Task<BackupSummary> ReceiveAsync(BackupService.BackupServiceClient client, AdminSession session, string target, bool replace, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetDirectoryName(target) ?? ".", $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        try
        {
            using var call = client.CreateBackup(new CreateBackupRequest(), session.Stream(cancellationToken));
            BackupSummary? summary = null;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var output = Create(temp))
            {
                await foreach (var part in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (part.PartCase == CreateBackupResponse.PartOneofCase.Summary && summary is null)
                    {
                        summary = part.Summary;
                    }
                    else if (part.PartCase == CreateBackupResponse.PartOneofCase.Chunk && summary is not null)
                    {
                        hash.AppendData(part.Chunk.Span);
                        size += part.Chunk.Length;
                        await output.WriteAsync(part.Chunk.Memory, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        throw new IOException("the node sent the backup out of order (its summary must come first, once)");
                    }
                }

                if (summary is null || size != summary.SizeBytes || !hash.GetHashAndReset().AsSpan().SequenceEqual(summary.Sha256.Span))
                {
                    throw new IOException(string.Create(CultureInfo.InvariantCulture, $"the backup received ({size} bytes) is not the one the node sent ({summary?.SizeBytes ?? 0} bytes, or another checksum)"));
                }

                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                output.Flush(flushToDisk: true);
            }

            File.Move(temp, target, replace);
            return summary;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write the backup {target}: {ex.Message} (nothing was written there)");
        }
        finally
        {
            File.Delete(temp);
        }
    }

    // Mode 600 from the start: the backup is as sensitive as the data file.
    private static FileStream Create(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }
}
