using System.Net;
using System.Security.Cryptography;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// Encryption between the transactions and the socket: seals what a transaction with an encrypted peer
/// sends, opens the ENCRYPT packets it receives (before sequence handling, so the inner packet's
/// seqnos and FINAL bit count), and refuses a keyed peer's plaintext queries.
/// </summary>
/// <remarks>
/// docs/protocols/dundi.md §Session keys and §ENCRYPT packets: the initiator's key serves both
/// directions of a transaction; its first packet names the key; ACK, CANCEL, NULL, INVALID, UNKNOWN
/// and ENCREJ stay plaintext.
/// </remarks>
internal sealed class DundiCipher(DundiPeerKeys keys, NodeIdentity identity, NodeMetrics metrics)
{
    public const string Unencrypted = "Unencrypted responses not permitted";

    private static readonly IDundiTransactionOwner Refusal = new PlaintextRefusal();

    /// <summary>Commands that travel inside ENCRYPT with an encrypted peer.</summary>
    public static bool MustEncrypt(DundiCommand command) => command is DundiCommand.DpDiscover or DundiCommand.DpResponse
        or DundiCommand.EidQuery or DundiCommand.EidResponse or DundiCommand.PrecacheRequest or DundiCommand.PrecacheResponse
        or DundiCommand.RegisterRequest or DundiCommand.RegisterResponse;

    /// <summary><paramref name="peer"/> when it has a key, for a transaction we open with it; null otherwise.</summary>
    public NodeId? EncryptedPeer(NodeId peer) => keys.IsEncrypted(peer) ? peer : null;

    /// <summary>Wraps a packet of <paramref name="transaction"/>; the first one we send in a transaction we opened takes the peer's current key and names it.</summary>
    public DundiMessage Seal(DundiTransaction transaction, DundiMessage message)
    {
        DundiKeyAnnouncement? announce = null;
        if (transaction.SessionKey is null)
        {
            transaction.SessionKey = keys.SendingKey(transaction.EncryptedPeer!.Value, out var form);
            if (transaction.OpenedBy is null && message.InboundSequence == 0 && message.OutboundSequence == 0)
            {
                announce = new DundiKeyAnnouncement(identity.Id, form);
            }
        }

        Span<byte> iv = stackalloc byte[DundiCrypto.IvLength];
        RandomNumberGenerator.Fill(iv);
        return DundiCrypto.Encrypt(message, transaction.SessionKey, announce, iv);
    }

    /// <summary>
    /// The packet a peer-opened transaction should see first: the decrypted one (the transaction then
    /// keeps the sender's key), or the ENCRYPT itself when it cannot be opened (the responder answers
    /// ENCREJ). A keyed peer's plaintext query is handed to an owner that refuses it.
    /// </summary>
    public DundiMessage Accept(DundiTransaction transaction, DundiMessage message)
    {
        if (message.Command != DundiCommand.Encrypt)
        {
            if (MustEncrypt(message.Command) && message.FirstEid is { } claimed && keys.IsEncrypted(claimed))
            {
                metrics.DundiRefused(DundiRefusal.Unencrypted);
                transaction.Owner = Refusal;
            }

            return message;
        }

        if (message.FirstEid is not { } sender
            || !keys.TryOpen(sender, message, out var inner, out var key, out _)
            || (inner.FirstEid is { } inside && inside != sender))
        {
            metrics.DundiRefused(DundiRefusal.EncryptRejected);
            return message;
        }

        transaction.EncryptedPeer = sender;
        transaction.SessionKey = key;
        return inner;
    }

    /// <summary>
    /// The packet a live transaction should see: ENCRYPT opened with the transaction's key; null to drop
    /// a plaintext query or answer inside an encrypted transaction. An ENCREJ to a transaction we opened
    /// makes the next one send the full key.
    /// </summary>
    public DundiMessage? Inbound(DundiTransaction transaction, DundiMessage message)
    {
        if (message.Command == DundiCommand.Encrypt)
        {
            if (transaction.SessionKey is { } key && DundiCrypto.TryDecrypt(message, key, out var inner, out _))
            {
                return inner;
            }

            metrics.DundiRefused(DundiRefusal.EncryptRejected);
            return message;
        }

        if (transaction.EncryptedPeer is not { } peer)
        {
            return message;
        }

        if (message.Command == DundiCommand.EncryptReject && transaction.OpenedBy is null)
        {
            keys.Reannounce(peer);
        }

        if (MustEncrypt(message.Command))
        {
            metrics.DundiRefused(DundiRefusal.Unencrypted);
            return null;
        }

        return message;
    }

    /// <summary>
    /// Answers a keyed peer's plaintext query with CAUSE NOAUTH, as Asterisk does
    /// (docs/protocols/dundi.md §Refusals and §Golden captures, files 60–61).
    /// </summary>
    private sealed class PlaintextRefusal : IDundiTransactionOwner
    {
        public void Received(DundiTransaction transaction, DundiMessage message)
        {
            var response = message.Command switch
            {
                DundiCommand.DpDiscover => DundiCommand.DpResponse,
                DundiCommand.EidQuery => DundiCommand.EidResponse,
                DundiCommand.PrecacheRequest => DundiCommand.PrecacheResponse,
                DundiCommand.RegisterRequest => DundiCommand.RegisterResponse,
                _ => (DundiCommand?)null,
            };
            if (response is { } command)
            {
                // Plaintext claiming a keyed peer's EID proves nothing about who sent it.
                transaction.ReplyOnce(command, [DundiElement.Cause(new DundiCause(DundiCauseCode.NoAuth, Unencrypted))]);
            }
        }

        public void Acknowledged(DundiTransaction transaction, TimeSpan roundTrip)
        {
        }

        public void Failed(DundiTransaction transaction, string reason)
        {
        }
    }
}
