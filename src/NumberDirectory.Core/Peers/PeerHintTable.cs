using System.Collections.Concurrent;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Peers;

/// <summary>
/// "Don't ask me about numbers starting with P" hints received from peers, kept until they expire,
/// so the fan-out skips a peer that already said it has nothing there.
/// </summary>
/// <remarks>docs/protocols/dundi.md §Negative knowledge; docs/architecture.md §Negative caching.</remarks>
public sealed class PeerHintTable(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<(NodeId Peer, string Context, string Prefix), DateTimeOffset> _hints = new();

    /// <summary>Number of hints held (expired ones included until they are next looked at).</summary>
    public int Count => _hints.Count;

    /// <summary>Remembers that <paramref name="peer"/> has nothing for <paramref name="prefix"/> in <paramref name="context"/> for <paramref name="lifetime"/>.</summary>
    public void Add(NodeId peer, string context, string prefix, TimeSpan lifetime)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            return;
        }

        _hints[(peer, context, prefix)] = timeProvider.GetUtcNow() + lifetime;
    }

    /// <summary>True when a live hint of <paramref name="peer"/> covers <paramref name="digits"/>; gives the prefix.</summary>
    public bool Covers(NodeId peer, string context, string digits, out string prefix)
    {
        var now = timeProvider.GetUtcNow();
        for (var length = 0; length <= digits.Length; length++)
        {
            var key = (peer, context, digits[..length]);
            if (_hints.TryGetValue(key, out var expires))
            {
                if (expires > now)
                {
                    prefix = key.Item3;
                    return true;
                }

                _hints.TryRemove(KeyValuePair.Create(key, expires));
            }
        }

        prefix = string.Empty;
        return false;
    }

    /// <summary>Forgets every hint of one peer.</summary>
    public void FlushPeer(NodeId peer)
    {
        foreach (var key in _hints.Keys.Where(k => k.Peer == peer))
        {
            _hints.TryRemove(key, out _);
        }
    }

    /// <summary>Forgets everything.</summary>
    public void Clear() => _hints.Clear();
}
