using System.Text.Json;

namespace NumberDirectory.Server.Tests.Hosting;

/// <summary>
/// README §Logs: <c>Logging:Console:FormatterName</c> <c>json</c> makes every line the node writes
/// one JSON object, from start-up through lookups to shutdown; the default is one line per event.
/// </summary>
public sealed class JsonLogTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task FormatterJson_EveryLineFromStartToStop_IsOneJsonObject()
    {
        var run = await RunAndStopAsync(["--Logging:Console:FormatterName", "json"]);

        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 10, run.ToString());
        var categories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            using var entry = JsonDocument.Parse(line);
            var root = entry.RootElement;
            Assert.True(root.TryGetProperty("Timestamp", out var stamp) && DateTimeOffset.TryParse(stamp.GetString(), out _), line);
            Assert.True(root.TryGetProperty("LogLevel", out _) && root.TryGetProperty("Message", out _), line);
            categories.Add(root.GetProperty("Category").GetString()!);
        }

        Assert.Contains("NumberDirectory.Server.Dundi.DundiListener", categories);
        Assert.Contains("NumberDirectory.Server.EnumDns.EnumListener", categories);
        Assert.Contains("Microsoft.Hosting.Lifetime", categories);
        Assert.Empty(run.Stderr);
    }

    [Fact]
    public async Task Default_OneLinePerEvent_WithUtcTimestampLevelAndCategory()
    {
        var run = await RunAndStopAsync([]);

        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 10, run.ToString());
        Assert.All(lines, line => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trce|dbug|info|warn|fail|crit): [\w.]+\[\d+\] ", line));
        Assert.Contains(lines, l => l.Contains(" info: NumberDirectory.Server.Dundi.DundiListener[", StringComparison.Ordinal));
    }

    /// <summary>A node at Debug for every category, a found and a malformed lookup over HTTP, then SIGTERM.</summary>
    private async Task<ServerRun> RunAndStopAsync(string[] more)
    {
        var http = PublishedNode.FreePort();
        await using var node = ServerProcess.Start(_temp.Path,
        [
            "--Node:DataDirectory", _temp.Data(), "--Http:Listen", $"127.0.0.1:{http}", "--Agi:Listen", "127.0.0.1:0",
            "--Dundi:Listen", "127.0.0.1:0", "--Enum:Listen", "127.0.0.1:0", "--Admin:Listen", "127.0.0.1:0",
            "--Logging:LogLevel:Default", "Debug", .. more,
        ]);
        await node.WaitForOutputAsync("Application started");
        using (var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}") })
        {
            using var found = await client.GetAsync(new Uri("/lookup/15550100123", UriKind.Relative));
            using var invalid = await client.GetAsync(new Uri("/lookup/not-a-number%0a%7b", UriKind.Relative));
        }

        node.Terminate();
        var run = await node.WaitForExitAsync();
        Assert.True(run.ExitCode == 0, run.ToString());
        return run;
    }
}
