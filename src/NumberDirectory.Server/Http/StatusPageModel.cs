using NumberDirectory.Core.Numbers;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Http;

/// <summary>Everything the status page shows, read at one moment.</summary>
/// <param name="Id">The node's EID.</param>
/// <param name="Version">The node's version.</param>
/// <param name="StartedAt">When the node started.</param>
/// <param name="Now">When the page was made.</param>
/// <param name="DataFile">Whether the data file takes writes, as <c>/health</c> says.</param>
/// <param name="DataFilePath">Where the data file is.</param>
/// <param name="Health">The node's overall health, as <c>/health</c> reports it.</param>
/// <param name="Doors">Each door and listener.</param>
/// <param name="Peers">The DUNDi peers; null when DUNDi is off.</param>
/// <param name="PeerSummary">The peers check of <c>/health</c>.</param>
/// <param name="Activity">Lookups per interval over the last minutes, oldest first.</param>
/// <param name="Recent">The latest lookups, newest first.</param>
/// <param name="Explain">The explain box's result, when one was asked for.</param>
internal sealed record StatusPageModel(
    NodeId Id,
    string Version,
    DateTimeOffset StartedAt,
    DateTimeOffset Now,
    HealthCheck DataFile,
    string DataFilePath,
    HealthStatus Health,
    IReadOnlyList<StatusPageDoor> Doors,
    IReadOnlyList<StatusPagePeer>? Peers,
    string PeerSummary,
    IReadOnlyList<LookupInterval> Activity,
    IReadOnlyList<LookupSeen> Recent,
    StatusPageExplain? Explain);
