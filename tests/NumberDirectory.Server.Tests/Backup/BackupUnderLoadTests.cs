using Grpc.Core;
using Xunit.Abstractions;
using NumberDirectory.Admin.V1;
using NumberDirectory.Server.Tests.Admin;

namespace NumberDirectory.Server.Tests.Backup;

/// <summary>
/// An online backup taken with <c>numdir backup</c> while ranges are being published restores to a node
/// that answers every range acknowledged before the backup began, and holds each range acknowledged
/// while it ran either whole (all its routes) or not at all.
/// </summary>
public sealed class BackupUnderLoadTests(ITestOutputHelper output) : IDisposable
{
    private const int MaxRanges = 900;

    private const int Publishers = 4;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task BackupUnderPublishLoad_RestoresEveryRangeAcknowledgedBefore_AndNoneHalf()
    {
        var file = Path.Combine(_temp.Path, "node.ndbackup");
        int before, after;
        var acknowledged = new List<int>();
        await using (var node = await TestNode.StartAsync(_temp.Data("source"), Backups.Settings()))
        {
            using var channel = AdminClient.Channel(node);
            var ranges = new RangeService.RangeServiceClient(channel);
            using var stop = new CancellationTokenSource();
            var warm = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            // Four publishers at once, so that publishes are in flight whenever the backup starts and ends.
            var publishers = Enumerable.Range(0, Publishers).Select(p => Task.Run(async () =>
            {
                for (var i = p; i < MaxRanges && !stop.IsCancellationRequested; i += Publishers)
                {
                    await ranges.PublishRangeAsync(new PublishRangeRequest { Range = Backups.Range(i) });
                    lock (acknowledged)
                    {
                        acknowledged.Add(i);
                        if (acknowledged.Count == 40)
                        {
                            warm.TrySetResult();
                        }
                    }
                }

                warm.TrySetResult();
            })).ToList();

            await warm.Task.WaitAsync(TimeSpan.FromSeconds(60));
            lock (acknowledged)
            {
                before = acknowledged.Count;
            }

            var backup = await Numdir.AdminAsync(node, "backup", file);
            lock (acknowledged)
            {
                after = acknowledged.Count;
            }

            await stop.CancelAsync();
            await Task.WhenAll(publishers).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal((0, string.Empty), backup.Outcome);
            Assert.Contains("sha256", backup.Out, StringComparison.Ordinal);
        }

        Assert.True(before >= 40, $"only {before} ranges were published before the backup");
        output.WriteLine($"{before} ranges acknowledged before the backup began, {after - before} while it ran, {acknowledged.Count} in all");
        var restore = await Backups.RestoreAsync(file, "--data", _temp.Data("restored"));
        Assert.Equal((0, string.Empty), restore.Outcome);
        Assert.Contains($"node {Backups.NodeEid}", restore.Out, StringComparison.Ordinal);

        // No Node:Id: the identity is the restored one.
        await using var restored = await TestNode.StartAsync(_temp.Data("restored"));
        using var restoredChannel = AdminClient.Channel(restored);
        Assert.Equal(Backups.NodeEid, (await new NodeService.NodeServiceClient(restoredChannel).GetNodeInfoAsync(new GetNodeInfoRequest())).Eid);
        var client = new RangeService.RangeServiceClient(restoredChannel);

        // The audit log came along: the publish of each range acknowledged before the backup is in it.
        var audited = (await new AuditService.AuditServiceClient(restoredChannel).ListAuditEntriesAsync(new ListAuditEntriesRequest { Action = "PublishRange", PageSize = 1000 }))
            .Entries.Select(e => e.Object).ToHashSet(StringComparer.Ordinal);
        Assert.All(acknowledged.Take(before), i => Assert.Contains($"range e164/{Backups.Range(i).Pattern}", audited));
        for (var n = 0; n < before; n++)
        {
            var i = acknowledged[n];
            var dial = (await restored.Http.GetStringAsync(new Uri($"/lookup/{Backups.Number(i)}?all=1", UriKind.Relative))).TrimEnd();
            Assert.Equal([$"a{i}.example.net", $"b{i}.example.net"], dial.Split('&').Select(Host));
        }

        for (var n = before; n < after; n++)
        {
            var i = acknowledged[n];
            try
            {
                var got = await client.GetRangeAsync(new GetRangeRequest { Context = "e164", Pattern = Backups.Range(i).Pattern });
                Assert.Equal(Backups.Range(i).Routes.Select(r => r.UriTemplate), got.Range.Routes.Select(r => r.UriTemplate));
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                // Absent is allowed: it was acknowledged after the snapshot was read.
            }
        }
    }

    // $"PJSIP/{Backups.Number(0)}@a0.example.net" and "IAX2/b0.example.net/7005" name their host differently.
    private static string Host(string dial) => dial.Split('@', '/').Single(p => p.EndsWith(".example.net", StringComparison.Ordinal));
}
