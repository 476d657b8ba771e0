using NumberDirectory.Cli;

namespace NumberDirectory.Server.Tests;

/// <summary><c>numdir lookup</c> and <c>numdir enum</c> against a real node.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private TestNode _node = null!;

    public async Task InitializeAsync() =>
        _node = await TestNode.StartAsync(_temp.Data(), Ranges.Config(("_4XXX", "iax2:pbx-b.example.net/${NUMBER}", 0)));

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _temp.Dispose();
    }

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await NumdirCommand.RunAsync(args, output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Lookup_PublishedNumber_PrintsTheDialStringAndExitsZero()
    {
        var (exit, output, _) = await RunAsync("lookup", "4001", "--server", _node.Address.ToString());

        Assert.Equal(NumdirCommand.ExitOk, exit);
        Assert.Equal("IAX2/pbx-b.example.net/4001", output.TrimEnd());
    }

    [Fact]
    public async Task Lookup_UnknownNumber_ExitsOne()
    {
        var (exit, _, error) = await RunAsync("lookup", "5001", "--server", _node.Address.ToString());

        Assert.Equal(NumdirCommand.ExitNotFound, exit);
        Assert.Contains("not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_BadNumber_ReportsTheNodesReason()
    {
        var (exit, _, error) = await RunAsync("lookup", "40x1", "--server", _node.Address.ToString());

        Assert.Equal(NumdirCommand.ExitUsage, exit);
        Assert.Contains("not allowed", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    public async Task Help_ListsEveryExitCodeAndEndsTheLine(string help)
    {
        var (exit, output, _) = await RunAsync(help);

        Assert.Equal(NumdirCommand.ExitOk, exit);
        foreach (var code in new[] { NumdirCommand.ExitOk, NumdirCommand.ExitNotFound, NumdirCommand.ExitUsage, NumdirCommand.ExitUnavailable })
        {
            Assert.Matches($@"\b{code} ", output);
        }

        Assert.EndsWith("\n", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4001")]
    [InlineData("5001")]
    public async Task Lookup_Json_EndsTheLine(string number)
    {
        var (_, output, _) = await RunAsync("lookup", number, "--json", "--server", _node.Address.ToString());

        Assert.StartsWith("{", output, StringComparison.Ordinal);
        Assert.EndsWith("}\n", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lookup")]
    [InlineData("lookup", "4001", "--timeout", "never")]
    [InlineData("lookup", "4001", "--server", "ftp://x")]
    [InlineData("frobnicate")]
    [InlineData("enum")]
    [InlineData("enum", "4001x")]
    [InlineData("enum", "+4001", "--server", "localhost")]
    [InlineData("enum", "+1234567890123456")]
    public async Task BadArguments_ExitWithUsage(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(NumdirCommand.ExitUsage, exit);
        Assert.Contains("usage: numdir", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Enum_PublishedNumber_PrintsItsNaptrRecordsAndExitsZero(bool tcp)
    {
        string[] args = ["enum", "+4001", "--server", _node.Enum.ToString(), .. tcp ? new[] { "--tcp" } : []];

        var (exit, output, error) = await RunAsync(args);

        Assert.True(exit == NumdirCommand.ExitOk, error);
        Assert.Equal(
            """
            1.0.0.4.e164.example.net. 300 IN NAPTR 100 0 "u" "E2U+iax2" "!^.*$!iax:pbx-b.example.net/4001!" .
            1.0.0.4.e164.example.net. 300 IN NAPTR 100 0 "u" "E2U+iax" "!^.*$!iax:pbx-b.example.net/4001!" .

            """.ReplaceLineEndings("\n"),
            output);
    }

    [Fact]
    public async Task Enum_UnknownNumber_ExitsOne()
    {
        var (exit, _, error) = await RunAsync("enum", "+5001", "--server", _node.Enum.ToString());

        Assert.Equal(NumdirCommand.ExitNotFound, exit);
        Assert.Contains("NXDOMAIN", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enum_ZoneNotServed_ExitsUnavailableNamingTheSuffix()
    {
        var (exit, _, error) = await RunAsync("enum", "+4001", "--suffix", "e164.arpa", "--server", _node.Enum.ToString());

        Assert.Equal(NumdirCommand.ExitUnavailable, exit);
        Assert.Contains("does not serve e164.arpa", error, StringComparison.Ordinal);
    }
}
