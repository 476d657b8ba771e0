using System.Net;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Server.Hosting;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Tests.Storage;

/// <summary>A damaged or busy data file stops startup with a clear message and is never rewritten.</summary>
public sealed class DataFileFailureTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static async Task<string> StartupErrorAsync(string dataDirectory)
    {
        var app = TestNode.Build(dataDirectory);
        try
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
            return NumberDirectoryNode.StartupFailure(ex) ?? throw new Xunit.Sdk.XunitException($"not reported as a startup failure: {ex}");
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Start_GarbageDataFile_FailsWithClearErrorAndLeavesTheFileAlone()
    {
        Directory.CreateDirectory(_temp.Data());
        var file = Path.Combine(_temp.Data(), NodeDatabase.FileName);
        var garbage = new byte[16384];
        new Random(7).NextBytes(garbage);
        await File.WriteAllBytesAsync(file, garbage);

        var message = await StartupErrorAsync(_temp.Data());

        Assert.Contains(file, message, StringComparison.Ordinal);
        Assert.Contains("left untouched", message, StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(file));
    }

    [Fact]
    public async Task Start_DamagedHeader_FailsAndRestoringTheBackupBringsEverythingBack()
    {
        await using (var node = await TestNode.StartAsync(_temp.Data()))
        {
            var catalog = node.Services.GetRequiredService<RangeCatalog>();
            Assert.True(catalog.TryPublish(new RangeDefinition("e164", "_4XXX", [new RouteDefinition("iax2:pbx-b.example.net/${NUMBER}", 0, null)]), out _, out _, out _));
        }

        var file = Path.Combine(_temp.Data(), NodeDatabase.FileName);
        var backup = await File.ReadAllBytesAsync(file);
        var damaged = (byte[])backup.Clone();
        Array.Fill(damaged, (byte)0xA5, 0, 64);
        await File.WriteAllBytesAsync(file, damaged);

        var message = await StartupErrorAsync(_temp.Data());
        Assert.Contains("cannot be opened", message, StringComparison.Ordinal);
        Assert.Equal(damaged, await File.ReadAllBytesAsync(file));

        await File.WriteAllBytesAsync(file, backup);
        await using var restored = await TestNode.StartAsync(_temp.Data());
        Assert.Equal(HttpStatusCode.OK, (await restored.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Start_SecondNodeOnTheSameDataDirectory_FailsAndTheFirstKeepsServing()
    {
        await using var first = await TestNode.StartAsync(_temp.Data(), Ranges.Config(("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 0)));

        var message = await StartupErrorAsync(_temp.Data());

        Assert.Contains("in use by another NumberDirectory node", message, StringComparison.Ordinal);
        Assert.Contains("Node:DataDirectory", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await first.Http.GetAsync(new Uri("/lookup/4001", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Start_DataDirectoryIsAFile_FailsNamingTheOption()
    {
        var path = Path.Combine(_temp.Path, "not-a-directory");
        await File.WriteAllTextAsync(path, "x");

        var message = await StartupErrorAsync(path);

        Assert.Contains("Node:DataDirectory", message, StringComparison.Ordinal);
    }
}
