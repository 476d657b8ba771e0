using System.Globalization;
using NumberDirectory.Server.Tests.Dundi;
using NumberDirectory.Server.Tests.Hosting;

namespace NumberDirectory.Server.Tests.Samples;

/// <summary>
/// samples/mesh-3-nodes as shipped, with its fixed ports swapped for free ones: a lookup on A
/// returns C's route.
/// </summary>
public sealed class MeshSampleTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task MeshSample_LookupOnA_ReturnsCsRoute()
    {
        var root = Path.Combine(ConfigurationTests.RepositoryRoot(), "samples", "mesh-3-nodes");
        var names = new[] { "a", "b", "c" };
        var files = names.ToDictionary(n => n, n => new ConfigurationBuilder().AddJsonFile(Path.Combine(root, $"node-{n}", "appsettings.json")).Build());
        var reserved = UdpPorts.Reserve(3);
        var portOf = names.Select((n, i) => (Port: files[n]["Dundi:Listen"]!.Split(':')[1], New: reserved[i]))
            .ToDictionary(p => p.Port, p => p.New.ToString(CultureInfo.InvariantCulture));

        var nodes = new List<TestNode>();
        try
        {
            foreach (var name in names)
            {
                var settings = files[name].AsEnumerable().Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);
                settings["Http:Listen"] = "127.0.0.1:0";
                settings["Agi:Listen"] = "127.0.0.1:0";
                settings["Dundi:Listen"] = $"127.0.0.1:{portOf[files[name]["Dundi:Listen"]!.Split(':')[1]]}";
                foreach (var key in settings.Keys.Where(k => k.StartsWith("Dundi:Peers:", StringComparison.Ordinal) && k.EndsWith(":Port", StringComparison.Ordinal)).ToList())
                {
                    settings[key] = portOf[settings[key]!];
                }

                settings.Remove("Node:DataDirectory");
                nodes.Add(await TestNode.StartAsync(_temp.Data(name), settings));
            }

            var body = await nodes[0].Http.GetStringAsync(new Uri("/lookup/5001", UriKind.Relative));
            using var missing = await nodes[0].Http.GetAsync(new Uri("/lookup/9999", UriKind.Relative));

            Assert.Equal("IAX2/pbx-c.example.net/5001", body.TrimEnd());
            Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }
}
