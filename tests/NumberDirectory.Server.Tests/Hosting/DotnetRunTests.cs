namespace NumberDirectory.Server.Tests.Hosting;

/// <summary>
/// Under <c>dotnet run</c> the node's working directory is the caller's, so paths typed on its command
/// line start where they were typed (the Web SDK would otherwise run it in the project folder).
/// </summary>
public sealed class DotnetRunTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task DotnetRun_RelativePathsOnTheCommandLine_StartAtTheCallersDirectory()
    {
        foreach (var name in new[] { "node-a-dundi.conf", "node-a-extensions.conf" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "asterisk-conf", name), Path.Combine(_temp.Path, name));
        }

        var project = Path.Combine(ConfigurationTests.RepositoryRoot(), "src", "NumberDirectory.Server", "NumberDirectory.Server.csproj");
        await using var run = ServerProcess.StartDotnet(_temp.Path,
        [
            "run", "--no-build", "--project", project, "--configuration", BuildConfiguration(), "--",
            "import-dundi", "--dundi", "node-a-dundi.conf", "--extensions", "node-a-extensions.conf", "--output", "imported.json",
        ]);
        var result = await run.WaitForExitAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(_temp.Path, "imported.json")), result.ToString());
    }

    /// <summary>The configuration these tests (and so the server beside them) were built in: bin/&lt;configuration&gt;/&lt;tfm&gt;/.</summary>
    private static string BuildConfiguration() =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
}
