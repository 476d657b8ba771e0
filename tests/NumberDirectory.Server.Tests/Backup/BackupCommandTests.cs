using NumberDirectory.Server.Tests.Admin;

namespace NumberDirectory.Server.Tests.Backup;

/// <summary><c>numdir backup</c> against a real node: the file it writes, and what it refuses.</summary>
public sealed class BackupCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private TestNode _node = null!;

    private string File => Path.Combine(_temp.Path, "node.ndbackup");

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(_temp.Data(), Backups.Settings());

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Backup_WritesAnOwnerOnlyFile_WhoseSha256ItPrints()
    {
        var run = await Numdir.AdminAsync(_node, "backup", File);

        Assert.Equal((0, string.Empty), run.Outcome);
        Assert.Contains($"sha256 {Backups.Sha256(File).ToLowerInvariant()}", run.Out, StringComparison.Ordinal);
        Assert.Contains($"{new FileInfo(File).Length} bytes", run.Out, StringComparison.Ordinal);
        Assert.Contains($"node {Backups.NodeEid}", run.Out, StringComparison.Ordinal);
        Assert.Contains("identity 1, ranges 0", run.Out, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, System.IO.File.GetUnixFileMode(File));
        }

        Assert.Equal([File], Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public async Task ExistingFile_IsRefusedUnlessForced()
    {
        await System.IO.File.WriteAllTextAsync(File, "an older backup");

        var refused = await Numdir.AdminAsync(_node, "backup", File);

        Assert.Equal(64, refused.Exit);
        Assert.Contains("exists; give --force to replace it", refused.Err, StringComparison.Ordinal);
        Assert.Equal("an older backup", await System.IO.File.ReadAllTextAsync(File));

        var forced = await Numdir.AdminAsync(_node, "backup", File, "--force");

        Assert.Equal((0, string.Empty), forced.Outcome);
        Assert.StartsWith("NDBACKUP", await System.IO.File.ReadAllTextAsync(File), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WritesWaitForTheSnapshot_LookupsDoNot()
    {
        // Writes held as a backup holds them: a publish waits, a lookup of a published range answers.
        using var channel = AdminClient.Channel(_node);
        var ranges = new NumberDirectory.Admin.V1.RangeService.RangeServiceClient(channel);
        await ranges.PublishRangeAsync(new NumberDirectory.Admin.V1.PublishRangeRequest { Range = Backups.Range(0) });
        var database = _node.Services.GetRequiredService<NumberDirectory.Server.Storage.NodeDatabase>();

        Task publish;
        using (new HeldGate(database))
        {
            publish = ranges.PublishRangeAsync(new NumberDirectory.Admin.V1.PublishRangeRequest { Range = Backups.Range(1) }).ResponseAsync;
            Assert.True(await Task.Run(() => SpinWait.SpinUntil(() => database.WaitingWrites > 0, TimeSpan.FromSeconds(30))), "the publish never reached the write gate");

            Assert.Equal($"PJSIP/{Backups.Number(0)}@a0.example.net", (await _node.Http.GetStringAsync(new Uri($"/lookup/{Backups.Number(0)}", UriKind.Relative))).TrimEnd());
            Assert.False(publish.IsCompleted);
        }

        await publish.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal($"PJSIP/{Backups.Number(1)}@a1.example.net", (await _node.Http.GetStringAsync(new Uri($"/lookup/{Backups.Number(1)}", UriKind.Relative))).TrimEnd());
    }

    [Fact]
    public async Task WritesThatDoNotFinish_FailTheBackup_WritingNothing()
    {
        await using var node = await TestNode.StartAsync(_temp.Data("slow"), Backups.Settings(), s => s.AddSingleton(new NumberDirectory.Server.Backup.BackupWriteWait(TimeSpan.FromMilliseconds(200))));
        var database = node.Services.GetRequiredService<NumberDirectory.Server.Storage.NodeDatabase>();

        // The gate held by someone else, as a write that does not finish would hold it: the backup gives up after its wait.
        NumdirRun run;
        using (new HeldGate(database))
        {
            run = await Numdir.AdminAsync(node, "backup", File);
        }

        Assert.Equal(69, run.Exit);
        Assert.Contains("writes in progress did not finish within 0.2 s, so no consistent snapshot could be taken", run.Err, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

    /// <summary>
    /// The write gate closed by a thread of its own until disposed: the gate is bound to the thread that
    /// closes it, as in a backup.
    /// </summary>
    private sealed class HeldGate : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly Thread _holder;

        public HeldGate(NumberDirectory.Server.Storage.NodeDatabase database)
        {
            using var held = new ManualResetEventSlim();
            _holder = new Thread(() =>
            {
                using var hold = database.HoldWrites(TimeSpan.FromSeconds(30));
                held.Set();
                _release.Wait(TimeSpan.FromSeconds(60));
            });
            _holder.Start();
            Assert.True(held.Wait(TimeSpan.FromSeconds(30)), "the write gate was not closed");
        }

        public void Dispose()
        {
            _release.Set();
            _holder.Join(TimeSpan.FromSeconds(30));
            _release.Dispose();
        }
    }
}
