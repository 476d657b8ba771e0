using NumberDirectory.Server.Hosting;
using NumberDirectory.Server.Import;

namespace NumberDirectory.Server.Tests.Import;

public sealed class ImportDundiCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("node-a-dundi.conf", "node-a-extensions.conf", ImportDundiCommand.ExitComplete)]
    [InlineData("node-b-dundi.conf", "node-b-extensions.conf", ImportDundiCommand.ExitIssues)]
    public async Task Run_Fixture_WritesOutputAndExitsByWhatWasLost(string dundi, string extensions, int expected)
    {
        var output = Path.Combine(_temp.Path, "appsettings.import.json");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await ImportDundiCommand.RunAsync(["import-dundi", "--dundi", Fixture(dundi), "--extensions", Fixture(extensions), "--output", output], stdout, stderr);

        Assert.Equal(expected, code);
        Assert.Empty(stdout.ToString());
        var configuration = new ConfigurationBuilder().AddJsonFile(output).Build();
        Assert.Empty(NumberDirectoryNode.Validate(configuration));
        Assert.Empty(ConfigurationKeys.Find(ConfigurationOrigin.Whole(configuration)).Select(k => k.ToString()));
        Assert.Contains("autokill", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OnlyNotes_ExitsZero()
    {
        // Node C's dundi.conf without the rotating secret: nopartial alone needs nothing done.
        var dundi = Path.Combine(_temp.Path, "dundi.conf");
        await File.WriteAllTextAsync(dundi, (await File.ReadAllTextAsync(Fixture("node-c-dundi.conf"))).Replace("dundi:${SECRET}@", string.Empty, StringComparison.Ordinal));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await ImportDundiCommand.RunAsync(["import-dundi", "--dundi", dundi, "--extensions", Fixture("node-c-extensions.conf")], stdout, stderr);

        Assert.Contains("nopartial", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(ImportDundiCommand.ExitComplete, code);
    }

    [Fact]
    public async Task Run_NoOutput_PrintsJsonToStdout()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        await ImportDundiCommand.RunAsync(["import-dundi", "--dundi", Fixture("node-c-dundi.conf"), "--extensions", Fixture("node-c-extensions.conf")], stdout, stderr);

        Assert.Contains("\"_5XXX\"", stdout.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--dundi", "missing.conf", "--extensions", "missing.conf")]
    [InlineData("--dundi", "x.conf")]
    [InlineData("--bogus", "x")]
    public async Task Run_UnreadableOrBadArguments_ExitsTwo(params string[] arguments)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var args = arguments.Select(a => a.EndsWith(".conf", StringComparison.Ordinal) ? Path.Combine(_temp.Path, a) : a).Prepend("import-dundi").ToArray();

        var code = await ImportDundiCommand.RunAsync(args, stdout, stderr);

        Assert.Equal(ImportDundiCommand.ExitUnreadable, code);
        Assert.NotEmpty(stderr.ToString());
    }

    [Fact]
    public async Task RunAsync_ImportVerb_RunsBeforeAnyHostIsBuilt()
    {
        var output = Path.Combine(_temp.Path, "out.json");

        var code = await NumberDirectoryNode.RunAsync(["import-dundi", "--dundi", Fixture("node-a-dundi.conf"), "--extensions", Fixture("node-a-extensions.conf"), "--output", output]);

        Assert.Equal(ImportDundiCommand.ExitComplete, code);
        Assert.True(File.Exists(output));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Run_Help_PrintsUsageAndExitsZero(string help)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await ImportDundiCommand.RunAsync([ImportDundiCommand.Verb, help], stdout, stderr);

        Assert.Equal(0, exit);
        Assert.Empty(stderr.ToString());
        Assert.StartsWith("usage: import-dundi --dundi <dundi.conf> --extensions <extensions.conf>", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("exit codes", stdout.ToString(), StringComparison.Ordinal);
    }

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "asterisk-conf", name);
}
