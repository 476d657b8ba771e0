using System.Collections.Immutable;
using System.Net;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// One DUNDi transaction with one peer: window of one, iseqno/oseqno, immediate ACKs (never for an
/// ACK), duplicates re-ACKed and not re-processed, FINAL handling, and retransmission of the one
/// unacknowledged packet until it is acknowledged or the sends run out.
/// </summary>
/// <remarks>docs/protocols/dundi.md §Reliability.</remarks>
internal sealed class DundiTransaction
{
    private readonly DundiEndpoint _endpoint;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private byte _outbound;
    private byte _inbound;
    private Outstanding? _unacked;

    public DundiTransaction(DundiEndpoint endpoint, TimeProvider time, ushort ourId, ushort theirId, IPEndPoint remote, IDundiTransactionOwner owner, TimeSpan retransmitInterval, int maxSends)
    {
        _endpoint = endpoint;
        _time = time;
        OurId = ourId;
        TheirId = theirId;
        Remote = remote;
        Owner = owner;
        RetransmitInterval = retransmitInterval;
        MaxSends = maxSends;
    }

    public ushort OurId { get; }

    /// <summary>The peer's id; 0 until its first packet of an outbound transaction arrives.</summary>
    public ushort TheirId { get; private set; }

    public IPEndPoint Remote { get; }

    public IDundiTransactionOwner Owner { get; set; }

    public TimeSpan RetransmitInterval { get; set; }

    public int MaxSends { get; }

    /// <summary>The (peer, peer id) key when the peer opened this transaction.</summary>
    public (IPEndPoint Remote, ushort TheirId)? OpenedBy { get; init; }

    /// <summary>After the last send, how long from the first send an acknowledgement is still waited for.</summary>
    public TimeSpan GiveUpAfter { get; init; }

    /// <summary>Give up when our packet is not acknowledged within this time (Asterisk's autokill); null: never.</summary>
    public TimeSpan? AutoKill { get; init; }

    /// <summary>The timer that removes this transaction after it closed.</summary>
    public ITimer? Retirement { get; set; }

    /// <summary>Seals what this transaction sends to an encrypted peer.</summary>
    public DundiCipher? Cipher { get; init; }

    /// <summary>The peer when it has a key: queries and answers go inside ENCRYPT (docs/protocols/dundi.md §ENCRYPT packets).</summary>
    public NodeId? EncryptedPeer { get; set; }

    /// <summary>The initiator's session key, used both ways; set by the first sealed packet or the opening ENCRYPT.</summary>
    public DundiSessionKey? SessionKey { get; set; }

    /// <summary>Closed: our FINAL was acknowledged or we acknowledged theirs; kept briefly to re-ACK duplicates.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>Sends a command; anything but ACK is retransmitted until acknowledged.</summary>
    public void Send(DundiCommand command, ImmutableArray<DundiElement> elements, bool final)
    {
        lock (_gate)
        {
            if (IsClosed)
            {
                return;
            }

            var message = Message(command, elements, final);
            if (EncryptedPeer is not null && Cipher is { } cipher && DundiCipher.MustEncrypt(command))
            {
                message = cipher.Seal(this, message);
            }

            var bytes = DundiCodec.Encode(message);
            if (command != DundiCommand.Ack)
            {
                _unacked?.Dispose();
                _outbound++;
                _unacked = new Outstanding(message.OutboundSequence, bytes, final, _time.GetTimestamp(), _time.CreateTimer(Retransmit, null, RetransmitInterval, RetransmitInterval))
                {
                    KillTimer = AutoKill is { } limit ? _time.CreateTimer(Kill, limit, limit, Timeout.InfiniteTimeSpan) : null,
                };
            }

            _endpoint.SendDatagram(bytes, Remote);
        }
    }

    /// <summary>Handles a packet the endpoint matched to this transaction.</summary>
    public void Receive(DundiMessage message)
    {
        TimeSpan? acknowledged = null;
        var deliver = false;
        lock (_gate)
        {
            if (TheirId == 0 && message.SourceTransactionId != 0)
            {
                TheirId = message.SourceTransactionId;
            }

            if (message.Command == DundiCommand.Invalid)
            {
                Fail("the peer answered INVALID");
                return;
            }

            if (_unacked is { } pending && message.InboundSequence == (byte)(pending.Sequence + 1))
            {
                pending.Dispose();
                _unacked = null;
                acknowledged = _time.GetElapsedTime(pending.FirstSent);
                if (pending.Final)
                {
                    Close();
                }
            }

            if (message.Command != DundiCommand.Ack)
            {
                if (message.OutboundSequence == _inbound)
                {
                    _inbound++;
                    deliver = !IsClosed;
                    SendAck(message.IsFinal);
                    if (message.IsFinal)
                    {
                        Close();
                    }
                }
                else if (message.OutboundSequence == (byte)(_inbound - 1))
                {
                    // A retransmission of what we already processed: our ACK was lost.
                    SendAck(message.IsFinal);
                }
            }
        }

        if (acknowledged is { } roundTrip)
        {
            Owner.Acknowledged(this, roundTrip);
        }

        if (deliver)
        {
            Owner.Received(this, message);
        }
    }

    /// <summary>Ends the transaction now, without telling the peer.</summary>
    public void Abandon()
    {
        lock (_gate)
        {
            Close();
        }
    }

    private DundiMessage Message(DundiCommand command, ImmutableArray<DundiElement> elements, bool final) => new()
    {
        SourceTransaction = OurId,
        DestinationTransaction = TheirId,
        InboundSequence = _inbound,
        OutboundSequence = _outbound,
        Command = command,
        IsFinal = final,
        Elements = elements,
    };

    private void SendAck(bool final) => _endpoint.SendDatagram(DundiCodec.Encode(Message(DundiCommand.Ack, [], final)), Remote);

    private void Retransmit(object? state)
    {
        string? failure = null;
        lock (_gate)
        {
            if (_unacked is not { } pending || IsClosed)
            {
                return;
            }

            if (pending.Sends >= MaxSends)
            {
                // Sends spaced by a short, round-trip-based interval run out fast; a peer that is only
                // briefly busy still gets until GiveUpAfter to acknowledge before we call it gone.
                if (_time.GetElapsedTime(pending.FirstSent) >= GiveUpAfter)
                {
                    failure = $"no acknowledgement after {pending.Sends} sends";
                    Fail(failure);
                }
            }

            else
            {
                pending.Sends++;
                _endpoint.SendDatagram(pending.Bytes, Remote);
            }
        }
    }

    private void Kill(object? state)
    {
        lock (_gate)
        {
            if (_unacked is not null && !IsClosed)
            {
                Fail($"no acknowledgement within {((TimeSpan)state!).TotalMilliseconds:F0} ms (autokill)");
            }
        }
    }

    private void Fail(string reason)
    {
        var wasOpen = !IsClosed;
        Close();
        if (wasOpen)
        {
            // Outside callers may take their own locks; the owner is told after our state is final.
            ThreadPool.UnsafeQueueUserWorkItem(_ => Owner.Failed(this, reason), null);
        }
    }

    private void Close()
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        _unacked?.Dispose();
        _unacked = null;
        _endpoint.Retire(this);
    }

    private sealed class Outstanding(byte sequence, byte[] bytes, bool final, long firstSent, ITimer timer)
    {
        public byte Sequence { get; } = sequence;

        public byte[] Bytes { get; } = bytes;

        public bool Final { get; } = final;

        public long FirstSent { get; } = firstSent;

        public ITimer Timer { get; } = timer;

        public int Sends { get; set; } = 1;

        public ITimer? KillTimer { get; init; }

        public void Dispose()
        {
            Timer.Dispose();
            KillTimer?.Dispose();
        }
    }
}
