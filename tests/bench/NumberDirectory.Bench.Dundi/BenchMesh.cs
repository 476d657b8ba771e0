using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Bench.Dundi;

/// <summary>
/// Real nodes in this process on 127.0.0.1 peering over DUNDi, configured the way the server tests'
/// mesh does it (Node:Id, Dundi:Listen, Dundi:Peers, Ranges). DUNDi ports are reserved before any node
/// starts so each knows its peers' ports; HTTP ports are ephemeral.
/// </summary>
internal sealed class BenchMesh : IAsyncDisposable
{
    /// <summary>The EID the load generator's clients send as, an inbound peer of the node they ask.</summary>
    public static readonly NodeId ClientEid = NodeId.Parse("00:00:5e:00:53:c0");

    private readonly string _data = Path.Combine(Path.GetTempPath(), "nd-bench-dundi-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, Spec> _specs = [];
    private readonly Dictionary<string, WebApplication> _apps = [];
    private readonly Dictionary<string, int> _ports = [];

    public static NodeId Eid(string name) => NodeId.Parse($"00:00:5e:00:53:{0xa0 + (name[0] - 'A'):x2}");

    public BenchMesh Node(string name, params string[] patterns)
    {
        _specs[name] = new Spec(patterns);
        return this;
    }

    /// <summary>Both ask each other.</summary>
    public BenchMesh Link(string a, string b)
    {
        _specs[a].Peers.Add(b);
        _specs[b].Peers.Add(a);
        return this;
    }

    /// <summary>An outbound peer of <paramref name="node"/> at a port where nobody reads.</summary>
    public BenchMesh DeadPeer(string node, string name, int port, bool qualify)
    {
        _specs[node].Dead.Add((name, port, qualify));
        return this;
    }

    public BenchMesh Set(string node, string key, string value)
    {
        _specs[node].Settings[key] = value;
        return this;
    }

    public IPEndPoint Dundi(string name) => new(IPAddress.Loopback, _ports[name]);

    public Uri Http(string name) => new(_apps[name].Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public NodeMetrics Metrics(string name) => _apps[name].Services.GetRequiredService<NodeMetrics>();

    public async Task<BenchMesh> StartAsync()
    {
        var sockets = _specs.Keys.Select(_ =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return socket;
        }).ToList();
        foreach (var (name, socket) in _specs.Keys.Zip(sockets))
        {
            _ports[name] = ((IPEndPoint)socket.LocalEndPoint!).Port;
        }

        sockets.ForEach(s => s.Dispose());
        foreach (var (name, spec) in _specs)
        {
            var settings = Settings(name, spec);
            var app = NumberDirectoryNode.Create([], Path.GetTempPath(), builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Logging.ClearProviders();
            });
            await app.StartAsync();
            _apps[name] = app;
        }

        return this;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps.Values)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private Dictionary<string, string?> Settings(string name, Spec spec)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Node:Id"] = Eid(name).ToString(),
            ["Node:DataDirectory"] = Path.Combine(_data, name),
            ["Http:Listen"] = "127.0.0.1:0",
            ["Admin:Listen"] = "127.0.0.1:0",
            ["Agi:Listen"] = "127.0.0.1:0",
            ["Enum:Listen"] = "127.0.0.1:0",
            ["Dundi:Listen"] = $"127.0.0.1:{_ports[name]}",
            ["Dundi:Contexts:0"] = "e164",
        };
        for (var i = 0; i < spec.Patterns.Length; i++)
        {
            settings[$"Ranges:{i}:Pattern"] = spec.Patterns[i];
            settings[$"Ranges:{i}:Routes:0:Uri"] = $"iax2:pbx-{name.ToLowerInvariant()}.example.net/${{NUMBER}}";
        }

        var index = 0;
        foreach (var peer in spec.Peers)
        {
            Peer(settings, index++, Eid(peer), _ports[peer], "symmetric", qualify: false);
        }

        foreach (var (dead, port, qualify) in spec.Dead)
        {
            Peer(settings, index++, Eid(dead), port, "outbound", qualify);
        }

        // The load generator: allowed to ask, never asked. Its port is never used (it only answers).
        Peer(settings, index, ClientEid, 9, "inbound", qualify: false);
        foreach (var (key, value) in spec.Settings)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static void Peer(Dictionary<string, string?> settings, int index, NodeId id, int port, string model, bool qualify)
    {
        var prefix = $"Dundi:Peers:{index}:";
        settings[prefix + "Id"] = id.ToString();
        settings[prefix + "Host"] = "127.0.0.1";
        settings[prefix + "Port"] = port.ToString(CultureInfo.InvariantCulture);
        settings[prefix + "Model"] = model;
        if (model != "inbound")
        {
            settings[prefix + "Include:0"] = "e164";
        }

        if (model != "outbound")
        {
            settings[prefix + "Permit:0"] = "e164";
        }

        settings[prefix + "Qualify"] = qualify ? "true" : "false";
    }

    private sealed record Spec(string[] Patterns)
    {
        public List<string> Peers { get; } = [];

        public List<(string Name, int Port, bool Qualify)> Dead { get; } = [];

        public Dictionary<string, string> Settings { get; } = [];
    }
}
