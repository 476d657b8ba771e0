using Microsoft.Extensions.Options;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.Hosting;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Tests.Hosting;

/// <summary>
/// Relative paths start where they were written: in the file named by <c>--config</c>, at that file's
/// directory; on the command line and in the environment, at the current directory.
/// </summary>
public sealed class ConfigPathTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Create_RelativePathsInTheConfigFile_StartAtItsDirectory()
    {
        var directory = Path.Combine(_temp.Path, "etc");
        var file = WriteConfig(directory);

        var app = NumberDirectoryNode.Create(["--config", file]);
        try
        {
            Assert.Equal(Path.Combine(directory, "data"), app.Services.GetRequiredService<IOptions<NodeOptions>>().Value.DataDirectory);
            var dundi = app.Services.GetRequiredService<IOptions<DundiOptions>>().Value;
            Assert.Equal(Path.Combine(directory, "keys", "nodea.key"), dundi.PrivateKey);
            Assert.Equal(Path.Combine(directory, "keys", "nodeb.pub"), dundi.Peers[0].InKey);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Create_RelativePathOnTheCommandLine_IsLeftToTheCurrentDirectory()
    {
        var file = WriteConfig(Path.Combine(_temp.Path, "etc"));

        var app = NumberDirectoryNode.Create(["--config", file, "--Node:DataDirectory", "elsewhere"]);
        try
        {
            Assert.Equal("elsewhere", app.Services.GetRequiredService<IOptions<NodeOptions>>().Value.DataDirectory);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public void Create_DefaultAppSettingsWithASyntaxError_NamesTheFileLineAndColumn()
    {
        var file = Path.Combine(_temp.Path, "appsettings.json");
        File.WriteAllText(file, "{\n  \"Http\": { \"Listen\": \"127.0.0.1:0\" },,\n}\n");

        var ex = Assert.Throws<ConfigurationException>(() => NumberDirectoryNode.Create([], _temp.Path));

        Assert.Equal($"{file}: line 2, column 39: ',' is an invalid start of a property name. Expected a '\"'.", Assert.Single(ex.Errors));
    }

    [Fact]
    public async Task Run_ConfigFileInAnotherDirectory_DataAndKeysAreFoundBesideTheFile()
    {
        var directory = Path.Combine(_temp.Path, "etc");
        var file = WriteConfig(directory);
        DundiKeyFile.GenerateKeyPair(Path.Combine(directory, "keys"), "nodea");
        DundiKeyFile.GenerateKeyPair(Path.Combine(directory, "keys"), "nodeb");
        var elsewhere = Directory.CreateDirectory(Path.Combine(_temp.Path, "home")).FullName;

        await using (var node = ServerProcess.Start(elsewhere, ["--config", file]))
        {
            await node.WaitForOutputAsync("Application started");
        }

        Assert.True(File.Exists(Path.Combine(directory, "data", NodeDatabase.FileName)));
        Assert.False(Directory.Exists(Path.Combine(elsewhere, "data")));
    }

    private static string WriteConfig(string directory)
    {
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "node.json");
        File.WriteAllText(file, """
            {
              "Node": { "DataDirectory": "data" },
              "Http": { "Listen": "127.0.0.1:0" },
              "Agi": { "Listen": "127.0.0.1:0" },
              "Enum": { "Listen": "127.0.0.1:0" },
              "Admin": { "Listen": "127.0.0.1:0" },
              "Dundi": {
                "Listen": "127.0.0.1:0",
                "PrivateKey": "keys/nodea.key",
                "Peers": [ { "Id": "00:00:5e:00:53:0b", "Host": "127.0.0.1", "Port": 9, "Include": [ "e164" ], "Permit": [ "e164" ],
                             "Qualify": false, "InKey": "./keys/nodeb.pub" } ]
              }
            }
            """);
        return file;
    }
}
