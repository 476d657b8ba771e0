using System.Globalization;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Server.Dundi;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>
/// Several real nodes on loopback peering over DUNDi: each with its EID, its ranges and its links.
/// A link is symmetric unless stated; ports are reserved before any node starts.
/// </summary>
internal sealed class Mesh : IAsyncDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly Dictionary<string, NodeSpec> _specs = [];
    private readonly Dictionary<string, TestNode> _nodes = [];

    public WireLog Wire { get; } = new();

    public TestNode this[string name] => _nodes[name];

    public static NodeId Eid(string name) => NodeId.Parse($"00:00:5e:00:53:{0xa0 + (name[0] - 'A'):x2}");

    public Mesh Node(string name, params (string Pattern, string Uri)[] ranges)
    {
        _specs[name] = new NodeSpec(name, ranges);
        return this;
    }

    /// <summary>Both ask each other.</summary>
    public Mesh Link(string a, string b) => Asks(a, b).Asks(b, a);

    /// <summary><paramref name="asker"/> asks <paramref name="asked"/>; <paramref name="asked"/> permits it.</summary>
    public Mesh Asks(string asker, string asked)
    {
        _specs[asker].Outbound.Add(asked);
        _specs[asked].Inbound.Add(asker);
        return this;
    }

    /// <summary>
    /// Gives <paramref name="node"/> an outbound peer <paramref name="name"/> at a loopback port where a
    /// socket is bound but never read: packets vanish without an ICMP error, like a dead host.
    /// </summary>
    public Mesh DeadPeer(string node, string name, int port, bool qualify)
    {
        _specs[node].Dead.Add((name, port, qualify));
        return this;
    }

    /// <summary>Extra configuration for one node.</summary>
    public Mesh Set(string name, string key, string value)
    {
        _specs[name].Settings[key] = value;
        return this;
    }

    public async Task<Mesh> StartAsync()
    {
        var ports = UdpPorts.Reserve(_specs.Count);
        var port = _specs.Keys.Zip(ports).ToDictionary(p => p.First, p => p.Second);
        foreach (var spec in _specs.Values)
        {
            var settings = Settings(spec, port);
            var node = await TestNode.StartAsync(_temp.Data(spec.Name), settings);
            _nodes[spec.Name] = node;
            Wire.Watch(spec.Name, node.Services.GetRequiredService<DundiEndpoint>());
        }

        return this;
    }

    /// <summary>Waits (at most 30 s) until <paramref name="node"/>'s qualify finds its peer <paramref name="peer"/> unreachable.</summary>
    public async Task UnreachableAsync(string node, string peer)
    {
        var eid = Eid(peer);
        var services = _nodes[node].Services;
        var unreachable = new TaskCompletionSource();
        services.GetRequiredService<DundiQualifier>().Probed += (probed, state) =>
        {
            if (probed.Id == eid && state == NumberDirectory.Core.Peers.PeerReachability.Unreachable)
            {
                unreachable.TrySetResult();
            }
        };
        if (services.GetRequiredService<DundiPeerTable>().All.Single(p => p.Id == eid).Reachability != NumberDirectory.Core.Peers.PeerReachability.Unreachable)
        {
            await unreachable.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Values)
        {
            await node.DisposeAsync();
        }

        _temp.Dispose();
    }

    private Dictionary<string, string?> Settings(NodeSpec spec, Dictionary<string, int> port)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Node:Id"] = Eid(spec.Name).ToString(),
            ["Dundi:Listen"] = $"127.0.0.1:{port[spec.Name]}",
        };
        for (var i = 0; i < spec.Ranges.Length; i++)
        {
            settings[$"Ranges:{i}:Pattern"] = spec.Ranges[i].Pattern;
            settings[$"Ranges:{i}:Routes:0:Uri"] = spec.Ranges[i].Uri;
        }

        var peers = spec.Outbound.Union(spec.Inbound).ToList();
        for (var i = 0; i < peers.Count; i++)
        {
            var other = peers[i];
            var prefix = $"Dundi:Peers:{i}:";
            var outbound = spec.Outbound.Contains(other);
            var inbound = spec.Inbound.Contains(other);
            settings[prefix + "Id"] = Eid(other).ToString();
            settings[prefix + "Host"] = "127.0.0.1";
            settings[prefix + "Port"] = port.TryGetValue(other, out var p) ? p.ToString(CultureInfo.InvariantCulture) : "9";
            settings[prefix + "Model"] = outbound && inbound ? "symmetric" : outbound ? "outbound" : "inbound";
            if (outbound)
            {
                settings[prefix + "Include:0"] = "e164";
            }

            if (inbound)
            {
                settings[prefix + "Permit:0"] = "e164";
            }

            settings[prefix + "Qualify"] = "false";
        }

        for (var i = 0; i < spec.Dead.Count; i++)
        {
            var (name, deadPort, qualify) = spec.Dead[i];
            var prefix = $"Dundi:Peers:{peers.Count + i}:";
            settings[prefix + "Id"] = Eid(name).ToString();
            settings[prefix + "Host"] = "127.0.0.1";
            settings[prefix + "Port"] = deadPort.ToString(CultureInfo.InvariantCulture);
            settings[prefix + "Model"] = "outbound";
            settings[prefix + "Include:0"] = "e164";
            settings[prefix + "Qualify"] = qualify ? "true" : "false";
        }

        foreach (var (key, value) in spec.Settings)
        {
            settings[key] = value;
        }

        return settings;
    }

    private sealed record NodeSpec(string Name, (string Pattern, string Uri)[] Ranges)
    {
        public HashSet<string> Outbound { get; } = [];

        public HashSet<string> Inbound { get; } = [];

        public Dictionary<string, string> Settings { get; } = [];

        public List<(string Name, int Port, bool Qualify)> Dead { get; } = [];
    }
}
