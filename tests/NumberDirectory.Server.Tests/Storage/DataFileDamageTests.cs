namespace NumberDirectory.Server.Tests.Storage;

/// <summary>
/// Every kind of damage a data file meets stops startup with one line naming the file and the
/// problem, and leaves the data file (and its log file) byte for byte as it was.
/// </summary>
public sealed class DataFileDamageTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, string> Damages => new()
    {
        { "random bytes, 1000", "whole number of 8192-byte pages" },
        { "random bytes, 8192", "not a LiteDB data file" },
        { "random bytes, 20000", "whole number of 8192-byte pages" },
        { "random bytes, 1 MiB", "not a LiteDB data file" },
        { "empty file", "is empty" },
        { "truncated mid-page", "whole number of 8192-byte pages" },
        { "truncated at a page boundary", "cut short" },
        { "last page partial", "whole number of 8192-byte pages" },
        { "zeroed page", "all zeros" },
        { "identity data page", "cannot be read" },
        { "ranges data page", "cannot be read" },
        { "cache data page", "cannot be read" },
        { "invalid-state flag", "marked" },
        { "someone else's database", "not a NumberDirectory data file" },
        { "random bytes as log file", "its log file" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task Start_DamagedDataFile_RefusesInOneLineAndLeavesTheFileAsItWas(string damage, string says)
    {
        var file = await DataFiles.DamageAsync(_temp.Data(), damage);
        var before = DataFiles.Hashes(file);
        var others = Directory.GetFiles(_temp.Data()).Where(f => Path.GetFileName(f) != "node.lock").Order().ToList();

        var message = await DataFiles.StartupErrorAsync(_temp.Data());

        Assert.Equal(before, DataFiles.Hashes(file));
        Assert.Equal(others, Directory.GetFiles(_temp.Data()).Where(f => Path.GetFileName(f) != "node.lock").Order().ToList());
        Assert.DoesNotContain('\n', message);
        Assert.Contains($"'{file}'", message, StringComparison.Ordinal);
        Assert.Contains(says, message, StringComparison.Ordinal);
        Assert.Contains("left untouched", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_LogFileWithoutItsDataFile_RefusesAndLeavesTheLogAlone()
    {
        var file = await DataFiles.WriteGoodAsync(_temp.Data());
        var log = DataFiles.WritePendingLog(file);
        File.Delete(file);
        var before = await File.ReadAllBytesAsync(log);

        var message = await DataFiles.StartupErrorAsync(_temp.Data());

        Assert.False(File.Exists(file));
        Assert.Equal(before, await File.ReadAllBytesAsync(log));
        Assert.Contains($"'{log}'", message, StringComparison.Ordinal);
        Assert.Contains("missing", message, StringComparison.Ordinal);
    }
}
