using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// The RSA keys (ours, read at startup, and each encrypted peer's: read at startup for configured
/// peers, given through the admin API for runtime ones) and the session keys in use: the one we send
/// with to each peer, rotated, and the ones each peer has sent us, found again by KEYCRC32.
/// </summary>
/// <remarks>docs/protocols/dundi.md §Session keys (16 random bytes per peer, rotated every <c>Dundi:KeyRotationSeconds</c>).</remarks>
internal sealed class DundiPeerKeys : IDisposable
{
    // A peer rotates its key hourly; a few old ones cover transactions still open across a rotation.
    private const int ReceivedKeysPerPeer = 4;

    private readonly RSA? _own;
    // Read without the gate (is this peer encrypted?) when a transaction opens; changed under it.
    private readonly ConcurrentDictionary<NodeId, RSA> _peers;
    private readonly TimeProvider _time;
    private readonly TimeSpan _rotation;
    private readonly Action<Span<byte>> _random;

    // One gate for every RSA operation (the platform objects are not documented as thread-safe) and the maps.
    private readonly Lock _gate = new();
    private readonly Dictionary<NodeId, Sending> _sending = [];
    private readonly Dictionary<NodeId, List<DundiSessionKey>> _received = [];

    public DundiPeerKeys(RSA? own, IReadOnlyDictionary<NodeId, RSA> peers, TimeProvider time, TimeSpan rotation, Action<Span<byte>>? random = null)
    {
        _own = own;
        _peers = new ConcurrentDictionary<NodeId, RSA>(peers);
        _time = time;
        _rotation = rotation;
        _random = random ?? RandomNumberGenerator.Fill;
    }

    /// <summary>Reads <c>Dundi:PrivateKey</c> and every peer's <c>InKey</c>; a bad file stops startup naming the option.</summary>
    /// <exception cref="StartupException">A key file is missing, unreadable, readable by others (private) or not RSA-1024.</exception>
    public static DundiPeerKeys Load(DundiOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var loaded = new List<RSA>();
        try
        {
            RSA? own = null;
            if (!string.IsNullOrWhiteSpace(options.PrivateKey))
            {
                own = Read("Dundi:PrivateKey", () => DundiKeyFile.LoadPrivateKey(options.PrivateKey.Trim()));
                loaded.Add(own);
            }

            var peers = new Dictionary<NodeId, RSA>();
            for (var i = 0; i < options.Peers.Count; i++)
            {
                var path = options.Peers[i].InKey?.Trim();
                if (!string.IsNullOrEmpty(path) && NodeId.TryParse(options.Peers[i].Id, out var id))
                {
                    var key = Read($"Dundi:Peers:{i}:InKey", () => DundiKeyFile.LoadPublicKey(path));
                    loaded.Add(key);
                    peers[id] = key;
                }
            }

            return new DundiPeerKeys(own, peers, time, TimeSpan.FromSeconds(options.KeyRotationSeconds));
        }
        catch
        {
            loaded.ForEach(k => k.Dispose());
            throw;
        }
    }

    /// <summary>True when <paramref name="peer"/> has a public key: it is talked to only in ENCRYPT.</summary>
    public bool IsEncrypted(NodeId peer) => _peers.ContainsKey(peer);

    /// <summary>True when this node has its own private key, which every encrypted peer needs.</summary>
    public bool HasOwnKey => _own is not null;

    /// <summary>
    /// Sets (or with null, removes) <paramref name="peer"/>'s public key, taking ownership of it. A key
    /// that differs from the one held forgets the session keys with that peer: they were made and
    /// signed for the old one. The same key again changes nothing (and is disposed).
    /// </summary>
    public void SetPeerKey(NodeId peer, RSA? key)
    {
        lock (_gate)
        {
            var held = _peers.GetValueOrDefault(peer);
            if (held is not null && key is not null && SamePublicKey(held, key))
            {
                key.Dispose();
                return;
            }

            if (key is null)
            {
                _peers.TryRemove(peer, out _);
            }
            else
            {
                _peers[peer] = key;
            }

            _sending.Remove(peer);
            _received.Remove(peer);
            held?.Dispose();
        }
    }

    /// <summary><paramref name="peer"/>'s public key (SubjectPublicKeyInfo DER), to compare keys by value; null when it has none.</summary>
    public byte[]? PublicKey(NodeId peer)
    {
        lock (_gate)
        {
            return _peers.TryGetValue(peer, out var key) ? key.ExportSubjectPublicKeyInfo() : null;
        }
    }

    private static bool SamePublicKey(RSA a, RSA b) => a.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(b.ExportSubjectPublicKeyInfo());

    /// <summary>
    /// The key to open a transaction with <paramref name="peer"/>, made or rotated as needed, and how the
    /// transaction's first packet names it: the full key the first time, its CRC afterwards.
    /// </summary>
    public DundiSessionKey SendingKey(NodeId peer, out DundiKeyForm form)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (!_sending.TryGetValue(peer, out var sending) || now >= sending.Until)
            {
                if (_own is null || !_peers.TryGetValue(peer, out var peerKey))
                {
                    throw new InvalidOperationException($"DUNDi peer {peer} has no key to encrypt with");
                }

                sending = new Sending(DundiSessionKey.Create(peerKey, _own, _random), now + _rotation);
                _sending[peer] = sending;
            }

            form = sending.Announced ? DundiKeyForm.KeyCrc : DundiKeyForm.FullKey;
            sending.Announced = true;
            return sending.Key;
        }
    }

    /// <summary>The peer rejected our key (ENCREJ): the next transaction sends it in full again.</summary>
    public void Reannounce(NodeId peer)
    {
        lock (_gate)
        {
            if (_sending.TryGetValue(peer, out var sending))
            {
                sending.Announced = false;
            }
        }
    }

    /// <summary>
    /// Opens an ENCRYPT that starts a transaction from <paramref name="sender"/>: SHAREDKEY + SIGNATURE
    /// verified and decrypted, or KEYCRC32 looked up among the keys this sender used before.
    /// </summary>
    public bool TryOpen(
        NodeId sender,
        DundiMessage encrypted,
        [NotNullWhen(true)] out DundiMessage? inner,
        [NotNullWhen(true)] out DundiSessionKey? key,
        out DundiCryptoError error)
    {
        lock (_gate)
        {
            var keys = new DundiDecryptionKeys
            {
                SenderPublicKey = _peers.GetValueOrDefault(sender),
                OwnPrivateKey = _own,
                FindByCrc = crc => _received.GetValueOrDefault(sender)?.Find(k => k.KeyCrc32 == crc),
            };
            if (keys.SenderPublicKey is null)
            {
                (inner, key, error) = (null, null, DundiCryptoError.MissingKey);
                return false;
            }

            if (!DundiCrypto.TryDecrypt(encrypted, keys, out inner, out key, out error))
            {
                return false;
            }

            Remember(sender, key);
            return true;
        }
    }

    public void Dispose()
    {
        _own?.Dispose();
        foreach (var key in _peers.Values)
        {
            key.Dispose();
        }
    }

    private void Remember(NodeId sender, DundiSessionKey key)
    {
        if (!_received.TryGetValue(sender, out var keys))
        {
            keys = [];
            _received[sender] = keys;
        }

        keys.RemoveAll(k => k.KeyCrc32 == key.KeyCrc32);
        keys.Add(key);
        if (keys.Count > ReceivedKeysPerPeer)
        {
            keys.RemoveAt(0);
        }
    }

    private static RSA Read(string option, Func<RSA> load)
    {
        try
        {
            return load();
        }
        catch (DundiKeyException ex)
        {
            throw new StartupException($"{option}: {ex.Message}", ex);
        }
    }

    private sealed class Sending(DundiSessionKey key, DateTimeOffset until)
    {
        public DundiSessionKey Key { get; } = key;

        public DateTimeOffset Until { get; } = until;

        public bool Announced { get; set; }
    }
}
