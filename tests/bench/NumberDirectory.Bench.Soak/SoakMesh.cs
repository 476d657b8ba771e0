using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Bench.Soak;

/// <summary>
/// Node A (<c>_3XXX</c>) asking node B (<c>_4XXXXX</c>, a hundred thousand numbers) over DUNDi, and
/// permitting the benchmark's DUNDi client as an inbound peer; each node in a data directory of its own.
/// </summary>
/// <remarks>
/// A's cache is capped at <see cref="CacheEntries"/> so that the load reaches the bound within the
/// run and the soak shows the cache churning at it, rather than still filling toward the default.
/// </remarks>
internal sealed class SoakMesh : IAsyncDisposable
{
    public const int CacheEntries = 5000;

    public static readonly NodeId EidA = NodeId.Parse("00:00:5e:00:53:0a");
    public static readonly NodeId EidB = NodeId.Parse("00:00:5e:00:53:0b");

    /// <summary>The EID the benchmark's DUNDi client sends as: an inbound peer of A.</summary>
    public static readonly NodeId ClientEid = NodeId.Parse("00:00:5e:00:53:c0");

    private readonly string _directory;

    private SoakMesh(string directory, SoakNode a, SoakNode b)
    {
        _directory = directory;
        A = a;
        B = b;
    }

    public SoakNode A { get; }

    public SoakNode B { get; }

    public static async Task<SoakMesh> StartAsync(string serverDll)
    {
        var directory = Path.Combine(Path.GetTempPath(), "nd-bench-soak-" + Guid.NewGuid().ToString("N"));
        var a = NodeEndpoints.Free();
        var b = NodeEndpoints.Free();
        var nodeB = await SoakNode.StartAsync("B", serverDll, Path.Combine(directory, "b"), b, Config(Path.Combine(directory, "b", "data"), EidB, b, $$"""
            "Dundi": {
                "Listen": "{{b.Dundi}}",
                "Peers": [ { "Id": "{{EidA}}", "Host": "127.0.0.1", "Port": {{a.Dundi.Port}}, "Model": "inbound", "Permit": [ "e164" ], "Qualify": false } ]
              },
              "Ranges": [ { "Pattern": "_4XXXXX", "Routes": [ { "Uri": "sip:${NUMBER}@pbx-b.example.net", "Weight": 10 } ] } ]
            """));
        try
        {
            var nodeA = await SoakNode.StartAsync("A", serverDll, Path.Combine(directory, "a"), a, Config(Path.Combine(directory, "a", "data"), EidA, a, $$"""
                "Cache": { "MaxEntries": {{CacheEntries}} },
                  "Dundi": {
                    "Listen": "{{a.Dundi}}",
                    "Peers": [
                      { "Id": "{{EidB}}", "Host": "127.0.0.1", "Port": {{b.Dundi.Port}}, "Model": "outbound", "Include": [ "e164" ], "Qualify": true },
                      { "Id": "{{ClientEid}}", "Host": "127.0.0.1", "Model": "inbound", "Permit": [ "e164" ], "Qualify": false }
                    ]
                  },
                  "Ranges": [ { "Pattern": "_3XXX", "Routes": [ { "Uri": "iax2:pbx-a.example.net/${NUMBER}", "Weight": 10 }, { "Uri": "sip:${NUMBER}@pbx-a.example.net", "Weight": 20 } ] } ]
                """));
            return new SoakMesh(directory, nodeA, nodeB);
        }
        catch
        {
            await nodeB.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    // Every listener named, so the second node never collides with the first on a default port.
    private static string Config(string data, NodeId id, NodeEndpoints endpoints, string rest) => $$"""
        {
          "Node": { "DataDirectory": "{{data}}", "Id": "{{id}}" },
          "Http": { "Listen": "{{endpoints.Http}}" },
          "Agi": { "Listen": "{{endpoints.Agi}}" },
          "Admin": { "Listen": "{{endpoints.Admin}}" },
          "Enum": { "Listen": "{{endpoints.Enum}}" },
          {{rest}}
        }
        """;
}
