using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Tests.Backup;

/// <summary>
/// The node's offline <c>restore</c> command: it checks the whole backup before it touches the data
/// directory, so a damaged, cut-short or unknown backup is refused with the data file byte for byte as
/// it was; a running node's directory and a directory holding data are refused too.
/// </summary>
public sealed class RestoreTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();

    private string BackupFile => Path.Combine(_temp.Path, "good.ndbackup");

    private string Target => _temp.Data("target");

    private string TargetFile => Path.Combine(Target, NodeDatabase.FileName);

    public async Task InitializeAsync()
    {
        await Backups.WriteAsync(_temp.Data("source"), BackupFile);

        // The target: another node's data file, with its own identity and a range of its own.
        await using var other = await TestNode.StartAsync(Target, new Dictionary<string, string?> { ["Node:Id"] = "00:00:5e:00:53:08" });
    }

    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }

    public static TheoryData<string> Damage() => ["flipped byte in a document", "flipped byte in the checksum", "cut short", "cut to the header", "empty"];

    [Theory]
    [MemberData(nameof(Damage))]
    public async Task DamagedBackup_IsRefused_TargetUnchanged(string damage)
    {
        var good = await File.ReadAllBytesAsync(BackupFile);
        var bad = damage switch
        {
            "flipped byte in a document" => Flip(good, good.Length / 2),
            "flipped byte in the checksum" => Flip(good, good.Length - 1),
            "cut short" => good[..^100],
            "cut to the header" => good[..20],
            _ => [],
        };
        var file = Path.Combine(_temp.Path, "bad.ndbackup");
        await File.WriteAllBytesAsync(file, bad);
        var target = Backups.Sha256(TargetFile);

        var run = await Backups.RestoreAsync(file, "--data", Target, "--force");

        Assert.Equal(2, run.Exit);
        Assert.Contains("cannot be used", run.Err, StringComparison.Ordinal);
        Assert.Contains(damage.StartsWith("flipped", StringComparison.Ordinal) || damage == "cut short" ? "checksum does not match" : damage == "empty" ? "it is empty" : "too short", run.Err, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", run.Err, StringComparison.Ordinal);
        Assert.Equal(target, Backups.Sha256(TargetFile));
        Assert.Equal(["node.lock", NodeDatabase.FileName], Directory.GetFiles(Target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UnknownFormatVersion_IsRefusedNamingIt_TargetUnchanged()
    {
        // A well-formed backup of a later format: the checksum is right, the version is not one this node reads.
        var later = Backups.Resealed(await File.ReadAllBytesAsync(BackupFile), b => b[8] = 2);
        var file = Path.Combine(_temp.Path, "later.ndbackup");
        await File.WriteAllBytesAsync(file, later);
        var target = Backups.Sha256(TargetFile);

        var run = await Backups.RestoreAsync(file, "--data", Target, "--force");

        Assert.Equal(2, run.Exit);
        Assert.Contains("backup format version 2, and this NumberDirectory reads version 1 only", run.Err, StringComparison.Ordinal);
        Assert.Equal(target, Backups.Sha256(TargetFile));
    }

    [Fact]
    public async Task NotABackup_IsRefused()
    {
        var file = Path.Combine(_temp.Path, "other.ndbackup");
        await File.WriteAllTextAsync(file, "{ \"Node\": {} }");

        var run = await Backups.RestoreAsync("--check", file);

        Assert.Equal(2, run.Exit);
        Assert.Contains("it is not a NumberDirectory backup", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunningNodeTarget_IsRefused_ItsFileUnchanged()
    {
        await using var running = await TestNode.StartAsync(Target);
        var target = Backups.Sha256(TargetFile);

        var run = await Backups.RestoreAsync(BackupFile, "--data", Target, "--force");

        Assert.Equal(2, run.Exit);
        Assert.Contains("is in use by another NumberDirectory node", run.Err, StringComparison.Ordinal);
        Assert.Equal(target, Backups.Sha256(TargetFile));
    }

    [Fact]
    public async Task TargetHoldingData_WithoutForce_IsRefused()
    {
        var target = Backups.Sha256(TargetFile);

        var run = await Backups.RestoreAsync(BackupFile, "--data", Target);

        Assert.Equal(2, run.Exit);
        Assert.Contains("holds a data file already; nothing was changed. Give --force", run.Err, StringComparison.Ordinal);
        Assert.Equal(target, Backups.Sha256(TargetFile));
    }

    [Fact]
    public async Task Force_ReplacesTheDataFile_KeepingTheOldOneBeside()
    {
        var old = Backups.Sha256(TargetFile);

        var run = await Backups.RestoreAsync(BackupFile, "--data", Target, "--force");

        Assert.Equal((0, string.Empty), run.Outcome);
        var kept = Assert.Single(Directory.GetFiles(Target, NodeDatabase.FileName + ".replaced-*"));
        Assert.Equal(old, Backups.Sha256(kept));
        Assert.Contains($"kept as '{kept}'", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFiles(Target), f => f.Contains("restoring", StringComparison.Ordinal));
        await using var node = await TestNode.StartAsync(Target);
        Assert.Equal(Backups.NodeEid, node.Services.GetRequiredService<NumberDirectory.Server.Hosting.NodeIdentity>().Id.ToString());
        Assert.Equal($"PJSIP/{Backups.Number(0)}@a0.example.net", (await node.Http.GetStringAsync(new Uri($"/lookup/{Backups.Number(0)}", UriKind.Relative))).TrimEnd());
    }

    [Fact]
    public async Task Check_PrintsWhatTheBackupHolds_AndWritesNothing()
    {
        var target = Backups.Sha256(TargetFile);

        var run = await ServerProcess.RunAsync(_temp.Path, ["restore", "--check", BackupFile]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"node {Backups.NodeEid}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("identity: 1, ranges: 3, peers: 0", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("range e164/_7002X (2 routes)", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(target, Backups.Sha256(TargetFile));
    }

    [Fact]
    public async Task InvalidRangeInBackup_IsRefusedNamingIt()
    {
        // A backup that is whole (checksum right) but holds a range no node would load.
        var good = await File.ReadAllBytesAsync(BackupFile);
        var bad = Backups.Resealed(good, b =>
        {
            for (var at = b.AsSpan().IndexOf("_7001X"u8); at >= 0; at = b.AsSpan().IndexOf("_7001X"u8))
            {
                "_7@01X"u8.CopyTo(b.AsSpan(at));
            }
        });
        var file = Path.Combine(_temp.Path, "invalid.ndbackup");
        await File.WriteAllBytesAsync(file, bad);

        var run = await Backups.RestoreAsync(file, "--data", _temp.Data("fresh"));

        Assert.Equal(2, run.Exit);
        Assert.Contains("the range e164/_7@01X is not valid", run.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_temp.Data("fresh"), NodeDatabase.FileName)));
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0x40;
        return copy;
    }
}
