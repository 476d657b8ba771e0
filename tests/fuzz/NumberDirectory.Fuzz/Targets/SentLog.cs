using System.Collections.Concurrent;
using System.Net;
using NumberDirectory.Core.Dundi;

namespace NumberDirectory.Fuzz.Targets;

/// <summary>What a DUNDi endpoint sent, and to whom, since it was last cleared.</summary>
internal sealed class SentLog
{
    private readonly ConcurrentQueue<(IPEndPoint Remote, DundiMessage Message)> _sent = new();

    public void Add(IPEndPoint remote, DundiMessage message) => _sent.Enqueue((remote, message));

    public void Clear() => _sent.Clear();

    /// <summary>The datagrams sent to <paramref name="remote"/>.</summary>
    public IReadOnlyList<DundiMessage> To(IPEndPoint remote) => [.. _sent.Where(s => s.Remote.Equals(remote)).Select(s => s.Message)];

    /// <summary>Checks what went back to a source that is not a peer for one packet: one datagram at most, never larger than the packet.</summary>
    public string CheckReplyTo(IPEndPoint stranger, int received)
    {
        var replies = To(stranger);
        Engine.FuzzInvariantException.Check(replies.Count <= 1, "more than one datagram back to an unauthenticated source for one packet");
        Engine.FuzzInvariantException.Check(replies.Sum(DundiCodec.GetEncodedLength) <= received, "more bytes back to an unauthenticated source than its packet had");
        return Word(replies);
    }

    /// <summary>The commands sent, as one word: <c>silence</c>, <c>Ack</c>, <c>Ack+DpResponse</c>…</summary>
    public static string Word(IReadOnlyList<DundiMessage> sent) =>
        sent.Count == 0 ? "silence" : string.Join('+', sent.Select(m => m.IsKnownCommand ? m.Command.ToString() : "unknown").Distinct());
}
