using System.Diagnostics;

namespace NumberDirectory.Server.Tests.Storage;

/// <summary>
/// The real server process on a damaged data file: exit code 2, one line on standard error, and
/// the file as it was. (In-process tests cannot see a crash of the process or its exit code.)
/// </summary>
public sealed class DamagedDataFileProcessTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Damages => new()
    {
        "random bytes, 1000",
        "random bytes, 20000",
        "zeroed page",
        "ranges data page",
        "cache data page",
        "invalid-state flag",
        "damaged identity",
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task Run_DamagedDataFile_ExitsWith2AndOneLineAndLeavesTheFileAsItWas(string damage)
    {
        string file;
        if (damage == "damaged identity")
        {
            file = await DataFiles.WriteGoodAsync(_temp.Data());
            DataFiles.DamageIdentity(file, "five bytes");
        }
        else
        {
            file = await DataFiles.DamageAsync(_temp.Data(), damage);
        }

        var before = DataFiles.Hashes(file);

        var (exit, error) = await RunServerAsync(_temp.Data());

        Assert.Equal(before, DataFiles.Hashes(file));
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on standard error, got {lines.Length}:\n{error}");
        Assert.StartsWith("numberdirectory: cannot start: ", lines[0], StringComparison.Ordinal);
        Assert.Contains($"'{file}'", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, exit);
    }

    // The server as installed: its own appsettings.json (copied beside the tests), every listener on a free loopback port.
    private async Task<(int Exit, string Error)> RunServerAsync(string dataDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "NumberDirectory.Server.dll"),
                $"--Node:DataDirectory={dataDirectory}",
                "--Node:WarmUp=false",
                "--Http:Listen=127.0.0.1:0",
                "--Dundi:Listen=127.0.0.1:0",
                "--Agi:Listen=127.0.0.1:0",
            },
            WorkingDirectory = _temp.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"the server was still running after 60 s:\n{await output}\n{await error}");
        }

        return (process.ExitCode, await error);
    }
}
