using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using NumberDirectory.Core.Peers;
using NumberDirectory.Server.Agi;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Hosting;

/// <summary>
/// Checks what <c>/health</c> reports. "Cannot serve" (Fail, 503) is a door that should be open and
/// is not, or a data file that no longer takes writes. Peers that qualify found unreachable or
/// lagged make the node Degraded, still 200: it answers from its own ranges and cache, and its
/// lookups of other numbers answer ERROR fast rather than waiting on the dead peers.
/// </summary>
/// <remarks>README §Monitoring.</remarks>
internal sealed class NodeHealth(
    IServer server,
    AgiListener agi,
    NodeDatabase database,
    DundiEndpoint? dundi = null,
    DundiPeerTable? peers = null)
{
    public HealthReport Check() => new([Http(), Agi(), Dundi(), Data(), Peers()]);

    // This check runs inside an HTTP request: the door is open.
    private HealthCheck Http()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return new HealthCheck("http", HealthStatus.Ok, $"listening on {string.Join(", ", addresses)}");
    }

    private HealthCheck Agi() => agi.Listening
        ? new HealthCheck("agi", HealthStatus.Ok, $"listening on {agi.LocalEndpoint}")
        : new HealthCheck("agi", HealthStatus.Fail, "not listening");

    private HealthCheck Dundi() => dundi switch
    {
        null => new HealthCheck("dundi", HealthStatus.Ok, "off: Dundi:Enabled is false"),
        { Receiving: true } => new HealthCheck("dundi", HealthStatus.Ok, $"listening on {dundi.LocalEndpoint}"),
        _ => new HealthCheck("dundi", HealthStatus.Fail, $"not receiving on {dundi.LocalEndpoint}"),
    };

    private HealthCheck Data() => database.CanWrite(out var problem)
        ? new HealthCheck("data", HealthStatus.Ok, $"{NodeDatabase.FileName} writable")
        : new HealthCheck("data", HealthStatus.Fail, $"{NodeDatabase.FileName} not writable: {problem}");

    private HealthCheck Peers()
    {
        var all = peers?.All.OrderBy(p => p.Id.ToString(), StringComparer.Ordinal).ToList() ?? [];
        if (all.Count == 0)
        {
            return new HealthCheck("peers", HealthStatus.Ok, "none configured") { Reachable = 0, Configured = 0 };
        }

        var groups = all.GroupBy(State).ToDictionary(g => g.Key, g => g.Select(p => p.Id.ToString()).ToList());
        var reachable = groups.GetValueOrDefault(PeerState.Reachable)?.Count ?? 0;
        var detail = $"{reachable} of {all.Count} reachable";
        foreach (var (state, label) in Labels)
        {
            if (groups.TryGetValue(state, out var ids))
            {
                detail += $"; {label}: {string.Join(", ", ids)}";
            }
        }

        var degraded = groups.ContainsKey(PeerState.Unreachable) || groups.ContainsKey(PeerState.Lagged);
        return new HealthCheck("peers", degraded ? HealthStatus.Degraded : HealthStatus.Ok, detail) { Reachable = reachable, Configured = all.Count };
    }

    private static readonly (PeerState State, string Label)[] Labels =
    [
        (PeerState.Unreachable, "unreachable"),
        (PeerState.Lagged, "lagged"),
        (PeerState.NotProbed, "not probed yet"),
        (PeerState.NotQualified, "not qualified"),
        (PeerState.NotRegistered, "not registered"),
    ];

    private static PeerState State(DundiPeer peer) => peer switch
    {
        { Address: null } => PeerState.NotRegistered,
        { Reachability: PeerReachability.Reachable } => PeerState.Reachable,
        { Reachability: PeerReachability.Lagged } => PeerState.Lagged,
        { Reachability: PeerReachability.Unreachable } => PeerState.Unreachable,
        { Qualify: true } => PeerState.NotProbed,
        _ => PeerState.NotQualified,
    };

    private enum PeerState
    {
        Reachable,
        Unreachable,
        Lagged,
        NotProbed,
        NotQualified,
        NotRegistered,
    }
}
