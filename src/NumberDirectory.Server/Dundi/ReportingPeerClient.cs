using System.Collections.Concurrent;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Peers;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// Reports the answers a peer sent that could not become routes (<see cref="PeerAnswer.Unusable"/>):
/// each is counted in <c>numberdirectory_dundi_answers_unusable_total</c>, and each distinct one is
/// logged once per peer, so a peer's broken mapping shows in the log without flooding it.
/// </summary>
/// <remarks>docs/protocols/dundi.md §Answers.</remarks>
internal sealed partial class ReportingPeerClient(IPeerClient inner, NodeMetrics metrics, ILogger<ReportingPeerClient> logger) : IPeerClient
{
    // Distinct (peer, answer) pairs logged so far; past this many, later ones are only counted.
    private const int MaxRemembered = 1024;

    private readonly ConcurrentDictionary<(NodeId Peer, string Reason), byte> _logged = new();

    public async ValueTask<PeerAnswer> QueryAsync(PeerInfo peer, PeerQuery query, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(query);
        var answer = await inner.QueryAsync(peer, query, deadline, cancellationToken).ConfigureAwait(false);
        if (answer.Unusable.IsDefaultOrEmpty)
        {
            return answer;
        }

        metrics.UnusableAnswers(peer.Id, answer.Unusable.Length);
        foreach (var reason in answer.Unusable)
        {
            if (_logged.Count < MaxRemembered && _logged.TryAdd((peer.Id, reason), 0))
            {
                LogUnusable(peer.Id, query.Number.Digits, query.Context, reason);
            }
        }

        return answer;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer {Peer} answered {Number}@{Context} with a route the node cannot use, so that lookup is partial or failed (logged once): {Reason}")]
    private partial void LogUnusable(NodeId peer, string number, string context, string reason);
}
