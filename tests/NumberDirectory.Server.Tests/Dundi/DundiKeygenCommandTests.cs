using NumberDirectory.Server.Dundi;

namespace NumberDirectory.Server.Tests.Dundi;

public sealed class DundiKeygenCommandTests
{
    [Fact]
    public async Task RunAsync_NameAndDirectory_WritesAPairAndPrintsTheConfigLines()
    {
        using var dir = new TempDirectory();
        var keys = Path.Combine(dir.Path, "keys");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await DundiKeygenCommand.RunAsync([DundiKeygenCommand.Verb, "--name", "nodea", "--directory", keys], stdout, stderr);

        Assert.Equal(DundiKeygenCommand.ExitWritten, exit);
        Assert.Equal(string.Empty, stderr.ToString());
        using var privateKey = DundiKeyFile.LoadPrivateKey(Path.Combine(keys, "nodea.key"));
        using var publicKey = DundiKeyFile.LoadPublicKey(Path.Combine(keys, "nodea.pub"));
        Assert.Equal(publicKey.ExportSubjectPublicKeyInfo(), privateKey.ExportSubjectPublicKeyInfo());
        var output = stdout.ToString();
        Assert.Contains($"\"PrivateKey\": \"{Path.Combine(keys, "nodea.key")}\"", output, StringComparison.Ordinal);
        Assert.Contains("\"InKey\"", output, StringComparison.Ordinal);
        Assert.Contains("inkey = nodea", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("--name")]
    [InlineData("--directory", "keys")]
    [InlineData("--name", "a", "--bits", "2048")]
    [InlineData("--name", "../a")]
    public async Task RunAsync_BadArguments_ExitsWithUsageAndWritesNothing(params string[] arguments)
    {
        using var dir = new TempDirectory();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await DundiKeygenCommand.RunAsync([DundiKeygenCommand.Verb, .. arguments.Select(a => a == "keys" ? Path.Combine(dir.Path, a) : a)], stdout, stderr);

        Assert.Equal(DundiKeygenCommand.ExitFailed, exit);
        Assert.StartsWith("dundi-keygen: ", stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task RunAsync_ExistingPair_RefusesToOverwrite()
    {
        using var dir = new TempDirectory();
        DundiKeyFile.GenerateKeyPair(dir.Path, "nodea");
        var original = await File.ReadAllTextAsync(Path.Combine(dir.Path, "nodea.key"));
        using var stderr = new StringWriter();

        var exit = await DundiKeygenCommand.RunAsync([DundiKeygenCommand.Verb, "--name", "nodea", "--directory", dir.Path], TextWriter.Null, stderr);

        Assert.Equal(DundiKeygenCommand.ExitFailed, exit);
        Assert.Contains("already exists", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(original, await File.ReadAllTextAsync(Path.Combine(dir.Path, "nodea.key")));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task RunAsync_Help_PrintsUsageAndExitsZeroWritingNothing(string help)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var before = Directory.Exists("keys");

        var exit = await DundiKeygenCommand.RunAsync([DundiKeygenCommand.Verb, help], stdout, stderr);

        Assert.Equal(0, exit);
        Assert.Empty(stderr.ToString());
        Assert.StartsWith("usage: dundi-keygen --name <name>", stdout.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, Directory.Exists("keys"));
    }
}
