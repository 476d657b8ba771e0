namespace NumberDirectory.Server.Tests.Hosting;

/// <summary>
/// The node executable reports every configuration mistake at once, before anything opens: invalid
/// values, values that do not convert, unknown keys (a warning, or an error with
/// <c>Node:StrictConfig</c>), JSON syntax errors with line and column, and a <c>--config</c> without a file.
/// </summary>
public sealed class ConfigurationReportTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Run_FileWithEightMistakes_ReportsEveryOneInOneRun()
    {
        var file = Write("node.json", $$"""
            {
              "Node": { "DataDirectory": "{{Json(_temp.Data())}}", "Id": "not-an-eid" },
              "Lookup": { "HopBudget": "many", "DefaultTimeoutMs": 0 },
              "Http": { "Listen": "nonsense" },
              "Agi": { "Listen": "127.0.0.1:0", "MaxSessions": "lots" },
              "Cache": { "MaxEntries": -1 },
              "Dundi": {
                "Listen": "127.0.0.1:0",
                "BudgetBaseMs": "fast",
                "Peers": [ { "Id": "00:00:5e:00:53:0b", "Host": "192.0.2.10", "Port": "p", "Include": [ "e164" ], "Permit": [ "e164" ] } ]
              },
              "Ranges": [ { "Pattern": "_4XXX", "Routes": [ { "Uri": "iax2:pbx-b.example.net/${NUMBER}", "Weight": "ten" } ] } ]
            }
            """);

        var run = await ServerProcess.RunAsync(_temp.Path, ["--config", file]);

        Assert.True(run.ExitCode == 2, run.ToString());
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var option in new[]
        {
            "Node:Id: ", "Lookup:HopBudget: 'many' ", "Lookup:DefaultTimeoutMs: ", "Http:Listen: ", "Agi:MaxSessions: 'lots' ",
            "Cache:MaxEntries: ", "Dundi:BudgetBaseMs: 'fast' ", "Dundi:Peers:0:Port: 'p' ", "Ranges:0:Routes:0:Weight: 'ten' ",
        })
        {
            Assert.True(lines.Count(l => l.StartsWith(option, StringComparison.Ordinal)) == 1, $"'{option}' is not reported exactly once in:{Environment.NewLine}{run.Stderr}");
        }

        Assert.False(Directory.Exists(_temp.Data()), "the data directory was opened before the configuration was refused");
    }

    [Fact]
    public async Task Run_UnknownKeysWithStrictConfig_ExitsTwoNamingEachWithTheClosestKnownKey()
    {
        var file = Write("node.json", $$"""
            {
              "Node": { "DataDirectory": "{{Json(_temp.Data())}}", "StrictConfig": true },
              "Htpp": { "Listen": "127.0.0.1:0" },
              "Http": { "Lissten": "127.0.0.1:0" },
              "Ranges": [ { "Pattern": "_4XXX", "Roots": [ { "Uri": "iax2:pbx-b.example.net/${NUMBER}", "Weight": 10 } ] },
                          { "Pattern": "_5XXX", "Routes": [ { "Uri": "iax2:pbx-c.example.net/${NUMBER}", "Wieght": 10 } ] } ]
            }
            """);

        var run = await ServerProcess.RunAsync(
            _temp.Path,
            ["--config", file, "--Agi:Listen", "127.0.0.1:0", "--Enum:Listen", "127.0.0.1:0", "--Dundi:Listen", "127.0.0.1:0", "--Dundi:Listenn", "127.0.0.1:0"],
            new Dictionary<string, string> { ["NUMBERDIRECTORY_Lookup__HopBudgett"] = "8" });

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Htpp: unknown key in " + file + "; did you mean Http?", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Http:Lissten: unknown key in " + file + "; did you mean Http:Listen?", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Ranges:0:Roots: unknown key in " + file + "; did you mean Ranges:0:Routes?", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Ranges:1:Routes:0:Wieght: unknown key in " + file + "; did you mean Ranges:1:Routes:0:Weight?", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Lookup:HopBudgett: unknown key in the environment (NUMBERDIRECTORY_Lookup__HopBudgett); did you mean Lookup:HopBudget?", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Dundi:Listenn: unknown key on the command line; did you mean Dundi:Listen?", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.Data()), "the data directory was opened before the configuration was refused");
    }

    [Fact]
    public async Task Run_UnknownKeyWithoutStrictConfig_WarnsAndStarts()
    {
        var file = Write("node.json", $$"""
            {
              "Node": { "DataDirectory": "{{Json(_temp.Data())}}" },
              "Http": { "Listen": "127.0.0.1:0" }, "Agi": { "Listen": "127.0.0.1:0" }, "Dundi": { "Listen": "127.0.0.1:0" },
              "Enum": { "Listen": "127.0.0.1:0" }, "Admin": { "Listen": "127.0.0.1:0" },
              "Ranges": [ { "Pattern": "_4XXX", "Routes": [ { "Uri": "iax2:pbx-b.example.net/${NUMBER}", "Wieght": 10 } ] } ]
            }
            """);
        await using var node = ServerProcess.Start(_temp.Path, ["--config", file]);

        await node.WaitForOutputAsync("Ranges:0:Routes:0:Wieght: unknown key in " + file + "; did you mean Ranges:0:Routes:0:Weight?");
        await node.WaitForOutputAsync("Application started");
    }

    [Fact]
    public async Task Run_JsonSyntaxError_NamesTheFileLineAndColumn()
    {
        var file = Write("broken.json", """
            {
              "Http": { "Listen": "127.0.0.1:0" },
              "Lookup": { "HopBudget": 8 }
              "Agi": { "Listen": "127.0.0.1:0" }
            }
            """);

        var run = await ServerProcess.RunAsync(_temp.Path, ["--config", file]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith($"numberdirectory: cannot start: invalid configuration:{Environment.NewLine}  {file}: line 4, column 3: ", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--config")]
    [InlineData("--config", "--Http:Listen", "127.0.0.1:0")]
    [InlineData("--config", "")]
    public async Task Run_ConfigWithoutAFile_ExitsTwoSayingSo(params string[] args)
    {
        var run = await ServerProcess.RunAsync(_temp.Path, [.. args, "--Node:DataDirectory", _temp.Data()], ServerProcess.EphemeralDoors);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--config needs the name of a configuration file", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.Data()));
    }

    [Fact]
    public async Task Run_ConfigFileMissing_ExitsTwoNamingIt()
    {
        var run = await ServerProcess.RunAsync(_temp.Path, ["--config", "missing.json", "--Node:DataDirectory", _temp.Data()], ServerProcess.EphemeralDoors);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"--config missing.json: no such file ({Path.Combine(_temp.Path, "missing.json")})", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StrayArgument_ExitsTwoNamingIt()
    {
        var run = await ServerProcess.RunAsync(_temp.Path, ["--Node:DataDirectory", _temp.Data(), "8080"], ServerProcess.EphemeralDoors);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("unexpected argument '8080'", run.Stderr, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var file = Path.Combine(_temp.Path, name);
        File.WriteAllText(file, text);
        return file;
    }

    private static string Json(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal);
}
