using System.Net;
using System.Security.Cryptography;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Server.Hosting;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// Adds, changes and removes runtime peers: validated by the rules of <c>Dundi:Peers</c>, stored
/// durably before anything takes effect, then put in the peer table (and the key store) where the
/// fan-out, the responder, qualify, registration and precache find them at their next turn.
/// Config-owned peers are read-only here.
/// </summary>
/// <remarks>docs/architecture.md §Admin API (runtime peers).</remarks>
internal sealed partial class DundiPeerCatalog(
    DundiPeerTable table,
    DundiPeerKeys keys,
    PeerStore store,
    NodeIdentity identity,
    TimeProvider time,
    ILogger<DundiPeerCatalog> logger)
{
    // One change at a time: each is checked against the peers as they are, then applied.
    private readonly Lock _gate = new();

    /// <summary>Adds a runtime peer; on <see cref="DundiPeerChange.Invalid"/>, <paramref name="problems"/> says what to fix.</summary>
    public DundiPeerChange Add(DundiPeerOptions settings, out DundiPeer? peer, out IReadOnlyList<(string Member, string Problem)> problems)
    {
        ArgumentNullException.ThrowIfNull(settings);
        peer = null;
        lock (_gate)
        {
            if (NodeId.TryParse(settings.Id, out var id) && table.TryGet(id, out _))
            {
                problems = [];
                return DundiPeerChange.Exists;
            }

            if (!TryCheck(settings, out var key, out problems))
            {
                return DundiPeerChange.Invalid;
            }

            var normal = Normalized(settings);
            store.Save(normal);
            peer = DundiPeer.FromOptions(normal, DundiPeerSource.Runtime, time);
            keys.SetPeerKey(peer.Id, key);
            table.TryAdd(peer);
            return DundiPeerChange.Done;
        }
    }

    /// <summary>What <see cref="Add"/> would answer for <paramref name="settings"/> now, changing nothing (an import's dry run).</summary>
    public DundiPeerChange CheckAdd(DundiPeerOptions settings, out IReadOnlyList<(string Member, string Problem)> problems)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (_gate)
        {
            if (NodeId.TryParse(settings.Id, out var id) && table.TryGet(id, out _))
            {
                problems = [];
                return DundiPeerChange.Exists;
            }

            var valid = TryCheck(settings, out var key, out problems);
            key?.Dispose();
            return valid ? DundiPeerChange.Done : DundiPeerChange.Invalid;
        }
    }

    /// <summary>Replaces a runtime peer's settings (the EID names it); the peer carries on its state.</summary>
    public DundiPeerChange Update(DundiPeerOptions settings, out DundiPeer? peer, out IReadOnlyList<(string Member, string Problem)> problems)
    {
        ArgumentNullException.ThrowIfNull(settings);
        peer = null;
        problems = [];
        lock (_gate)
        {
            if (NodeId.TryParse(settings.Id, out var id) && !id.IsEmpty && Owned(id) is { } refused)
            {
                return refused;
            }

            if (!TryCheck(settings, out var key, out problems))
            {
                return DundiPeerChange.Invalid;
            }

            var normal = Normalized(settings);
            store.Save(normal);
            peer = DundiPeer.FromOptions(normal, DundiPeerSource.Runtime, time);

            // A key the peer no longer has is dropped only once nothing can pick the old settings up.
            if (key is not null)
            {
                keys.SetPeerKey(peer.Id, key);
            }

            table.TryReplace(peer, out _);
            if (key is null)
            {
                keys.SetPeerKey(peer.Id, null);
            }

            return DundiPeerChange.Done;
        }
    }

    /// <summary>Removes a runtime peer: from the data file first, then from the table, then its key.</summary>
    public DundiPeerChange Remove(NodeId id, out DundiPeer? removed)
    {
        removed = null;
        lock (_gate)
        {
            if (Owned(id) is { } refused)
            {
                return refused;
            }

            store.Delete(id.ToString());
            table.TryRemove(id, out removed);

            // After the table: a query that still found the peer must not go out in plaintext.
            keys.SetPeerKey(id, null);
            return DundiPeerChange.Done;
        }
    }

    /// <summary>
    /// Puts the stored runtime peers in the table at start. One whose EID is now a configured peer's
    /// is hidden by it; one that no longer validates is skipped. Both stay in the data file.
    /// </summary>
    public void LoadStored()
    {
        var loaded = 0;
        lock (_gate)
        {
            foreach (var document in store.LoadAll())
            {
                var settings = PeerStore.ToOptions(document);
                if (NodeId.TryParse(settings.Id, out var id) && table.TryGet(id, out var existing) && existing.Source == DundiPeerSource.Config)
                {
                    LogShadowed(id);
                    continue;
                }

                if (!TryCheck(settings, out var key, out var problems))
                {
                    LogStoredPeerInvalid(document.Id, string.Join("; ", problems.Select(p => $"{p.Member}: {p.Problem}")));
                    continue;
                }

                var peer = DundiPeer.FromOptions(Normalized(settings), DundiPeerSource.Runtime, time);
                keys.SetPeerKey(peer.Id, key);
                if (table.TryRestore(peer))
                {
                    loaded++;
                }
            }
        }

        LogLoaded(loaded);
    }

    private DundiPeerChange? Owned(NodeId id) =>
        !table.TryGet(id, out var existing) ? DundiPeerChange.NotFound
        : existing.Source == DundiPeerSource.Config ? DundiPeerChange.ConfigOwned
        : null;

    /// <summary>
    /// The rules of <c>Dundi:Peers</c> (<see cref="DundiOptionsValidator.CheckPeer"/>) and those that
    /// need the other peers and the keys: not this node's own EID, a key that reads as RSA-1024 and a
    /// private key of ours to use with it, and no other peer at the same address with another key.
    /// Every problem is reported at once. On success <paramref name="key"/> is the peer's key, if any.
    /// </summary>
    private bool TryCheck(DundiPeerOptions settings, out RSA? key, out IReadOnlyList<(string Member, string Problem)> problems)
    {
        key = null;
        var found = new List<(string Member, string Problem)>(DundiOptionsValidator.CheckPeer(settings));
        var valid = NodeId.TryParse(settings.Id, out var id) && !id.IsEmpty;
        if (valid && id == identity.Id)
        {
            found.Add(("Id", $"{id} is this node's own EID; a node does not peer with itself"));
        }

        var inKey = settings.InKey?.Trim() ?? string.Empty;
        if (inKey.Length > 0)
        {
            if (!keys.HasOwnKey)
            {
                found.Add(("InKey", $"{DundiOptionsValidator.NeedsPrivateKey}, then restart the node"));
            }
            else
            {
                try
                {
                    key = DundiKeyFile.ParsePublicKey(inKey);
                }
                catch (DundiKeyException ex)
                {
                    found.Add(("InKey", ex.Message));
                }
            }
        }

        if (IPAddress.TryParse(settings.Host?.Trim(), out var host) && settings.Port is > 0 and <= 65_535 && (inKey.Length == 0 || key is not null))
        {
            var address = new IPEndPoint(host, settings.Port);
            var ours = key?.ExportSubjectPublicKeyInfo();
            foreach (var other in table.All.Where(p => p.Id != id && address.Equals(p.StaticAddress)))
            {
                var theirs = keys.PublicKey(other.Id);
                if (!(ours ?? []).AsSpan().SequenceEqual(theirs ?? []))
                {
                    found.Add(("Host", DundiOptionsValidator.SharedAddress(address.ToString(), $"peer {other.Id}", "in_key", "host", "port")));
                }
            }
        }

        problems = found;
        if (found.Count == 0)
        {
            return true;
        }

        key?.Dispose();
        key = null;
        return false;
    }

    // Stored and shown the way they are read back: the EID in canonical form, names trimmed.
    private static DundiPeerOptions Normalized(DundiPeerOptions settings) => new()
    {
        Id = NodeId.Parse(settings.Id).ToString(),
        Host = settings.Host.Trim(),
        Port = settings.Port,
        Model = settings.Model.Trim().ToLowerInvariant(),
        Include = [.. settings.Include],
        Permit = [.. settings.Permit],
        Order = settings.Order.Trim().ToLowerInvariant(),
        Qualify = settings.Qualify,
        QualifyMaxMs = settings.QualifyMaxMs,
        Register = settings.Register,
        Precache = settings.Precache,
        InKey = settings.InKey?.Trim() ?? string.Empty,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} runtime peer(s) from the data file")]
    private partial void LogLoaded(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored runtime peer {Peer} is hidden by the configured peer with the same EID (Dundi:Peers); it stays in the data file")]
    private partial void LogShadowed(NodeId peer);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stored runtime peer {Peer} is not valid and was skipped (kept in the data file): {Problems}")]
    private partial void LogStoredPeerInvalid(string peer, string problems);
}
