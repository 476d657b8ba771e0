using Microsoft.Extensions.Configuration;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests.Hosting;

/// <summary>
/// The host's <c>Logging</c> section is checked with the node's options (README §Logs): a level or a
/// format the console logger does not know names its key, with the other mistakes, instead of an
/// exception naming none or a format silently replaced.
/// </summary>
public sealed class LoggingConfigurationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("Logging:LogLevel:Default", "Debg", "Logging:LogLevel:Default: 'Debg' is not a log level")]
    [InlineData("Logging:LogLevel:NumberDirectory.Server.Dundi", "loud", "Logging:LogLevel:NumberDirectory.Server.Dundi: 'loud' is not a log level")]
    [InlineData("Logging:Console:LogLevel:Default", "9", "Logging:Console:LogLevel:Default: '9' is not a log level")]
    [InlineData("Logging:Console:FormatterName", "jsonl", "Logging:Console:FormatterName: 'jsonl' is not a log format")]
    public void Validate_BadLoggingValue_NamesTheKey(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var errors = NumberDirectoryNode.Validate(configuration);

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Logging:LogLevel:Default", "debug")]
    [InlineData("Logging:LogLevel:Microsoft.AspNetCore", "None")]
    [InlineData("Logging:Console:FormatterName", "json")]
    [InlineData("Logging:Console:FormatterName", "Systemd")]
    public void Validate_GoodLoggingValue_NoError(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        Assert.Empty(NumberDirectoryNode.Validate(configuration));
    }

    [Fact]
    public async Task Run_BadLevelAndOtherMistakes_AllReportedExitTwo()
    {
        var run = await ServerProcess.RunAsync(_temp.Path,
            ["--Node:DataDirectory", _temp.Data(), "--Logging:LogLevel:Default", "Debg", "--Logging:Console:FormatterName", "jsn", "--Lookup:HopBudget", "0"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Logging:LogLevel:Default: 'Debg'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Logging:Console:FormatterName: 'jsn'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Lookup:HopBudget:", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.Data()), "the data directory was opened before the configuration was refused");
    }
}
