namespace NumberDirectory.Server.Tests.Hosting;

/// <summary>The node's <c>--help</c> prints how to run each command and exits 0 without starting anything.</summary>
public sealed class UsageTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("run", "--help")]
    public async Task Run_Help_PrintsUsageAndExitsZeroWithoutStarting(params string[] args)
    {
        // Should the node start anyway, it gets ephemeral ports and a data directory the test can see.
        var run = await ServerProcess.RunAsync(_temp.Path, args, new Dictionary<string, string>(ServerProcess.EphemeralDoors)
        {
            ["NUMBERDIRECTORY_Node__DataDirectory"] = _temp.Data(),
        });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.Stderr);
        foreach (var text in new[] { "usage: NumberDirectory.Server", "run", "import-dundi", "dundi-keygen", "--config <file>", "--Http:Listen", "NUMBERDIRECTORY_", "Node:StrictConfig", "Node:Debug", "exit codes" })
        {
            Assert.Contains(text, run.Stdout, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(_temp.Data()), "the node started");
    }
}
