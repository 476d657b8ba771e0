using System.Collections.Concurrent;
using System.Net;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Server.Dundi;

namespace NumberDirectory.Server.Tests.Dundi;

/// <summary>Every DUNDi packet the mesh's nodes sent: who to whom, and what.</summary>
internal sealed class WireLog
{
    private readonly ConcurrentQueue<(string From, string To, DundiMessage Message)> _sent = new();
    private readonly ConcurrentQueue<(string From, string To, DundiMessage Message)> _received = new();
    private readonly Dictionary<int, string> _names = [];

    public void Watch(string name, DundiEndpoint endpoint)
    {
        _names[endpoint.LocalEndpoint.Port] = name;
        endpoint.Sent += (to, message) => _sent.Enqueue((name, NameOf(to), message));
        endpoint.Received += (from, message) => _received.Enqueue((NameOf(from), name, message));
    }

    public void Name(IPEndPoint endpoint, string name) => _names[endpoint.Port] = name;

    public IReadOnlyList<(string From, string To, DundiMessage Message)> Sent => [.. _sent];

    /// <summary>Queries sent, one per transaction: retransmissions of the same packet are not counted again.</summary>
    public IReadOnlyList<(string From, string To, DundiMessage Message)> Discovers(string? number = null) =>
        [.. Sent.Where(s => s.Message.Command == DundiCommand.DpDiscover && (number is null || s.Message.CalledNumber == number))
            .DistinctBy(s => (s.From, s.To, s.Message.SourceTransaction, s.Message.OutboundSequence))];

    /// <summary>Packets as each node received them, in the order it received them.</summary>
    public IReadOnlyList<(string From, string To, DundiMessage Message)> Received => [.. _received];

    public void Clear()
    {
        _sent.Clear();
        _received.Clear();
    }

    private string NameOf(IPEndPoint endpoint) => _names.TryGetValue(endpoint.Port, out var name) ? name : endpoint.ToString();
}
