using NumberDirectory.Cli;

namespace NumberDirectory.Server.Tests;

/// <summary><c>numdir lookup</c> against a real node.</summary>
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
    public async Task BadArguments_ExitWithUsage(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(NumdirCommand.ExitUsage, exit);
        Assert.Contains("usage: numdir", error, StringComparison.Ordinal);
    }
}
