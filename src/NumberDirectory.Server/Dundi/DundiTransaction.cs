using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using NumberDirectory.Core.Dundi;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// One DUNDi transaction with one peer: window of one, iseqno/oseqno, ACKs (never for an ACK),
/// duplicates re-ACKed and not re-processed, FINAL handling, and retransmission of the one
/// unacknowledged packet until it is acknowledged or the sends run out. A transaction a source
/// opened stays unauthenticated until its owner knows the sender is a peer; an unauthenticated one
/// gets at most one reply, with the ACK folded in, and is forgotten at once.
/// </summary>
/// <remarks>docs/protocols/dundi.md §Reliability and §Untrusted sources.</remarks>
internal sealed class DundiTransaction
{
    private readonly DundiEndpoint _endpoint;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private byte _outbound;
    private byte _inbound;
    private Outstanding? _unacked;

    // The ACK owed for the packet being handled: sent before the owner's first reply, after the
    // owner returns if it did not reply, or folded into a reply to an unauthenticated source.
    private bool? _ackOwed;

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

    /// <summary>
    /// When the endpoint's sweep forgets this transaction after it closed (<see cref="Stopwatch"/>
    /// timestamp); <see cref="long.MaxValue"/> while it is not lingering.
    /// </summary>
    public long LingerUntil { get; set; } = long.MaxValue;

    /// <summary>Seals what this transaction sends to an encrypted peer.</summary>
    public DundiCipher? Cipher { get; init; }

    /// <summary>The peer when it has a key: queries and answers go inside ENCRYPT (docs/protocols/dundi.md §ENCRYPT packets).</summary>
    public NodeId? EncryptedPeer { get; set; }

    /// <summary>The initiator's session key, used both ways; set by the first sealed packet or the opening ENCRYPT.</summary>
    public DundiSessionKey? SessionKey { get; set; }

    /// <summary>Closed: our FINAL was acknowledged or we acknowledged theirs; kept briefly to re-ACK duplicates.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>
    /// True once the owner knows the other end is a peer of ours (its EID, its address, its key), and
    /// always for transactions we open. Only then is anything kept or retransmitted for it.
    /// </summary>
    public bool Authenticated { get; private set; }

    /// <summary>Size of the datagram that opened this transaction: no reply to an unauthenticated source may be larger.</summary>
    public int OpeningLength { get; init; }

    /// <summary>When the endpoint gives up on this transaction whatever its state (<see cref="Stopwatch"/> timestamp).</summary>
    public long Deadline { get; init; } = long.MaxValue;

    private int _slotTaken;

    /// <summary>True the first time only: the transaction gives back its place under the endpoint's caps once.</summary>
    public bool TakeSlot() => Interlocked.Exchange(ref _slotTaken, 1) == 0;

    /// <summary>The sender is one of our peers: keep and retransmit what this transaction sends.</summary>
    public void Authenticate() => Authenticated = true;

    /// <summary>Sends a command; anything but ACK is retransmitted until acknowledged.</summary>
    public void Send(DundiCommand command, ImmutableArray<DundiElement> elements, bool final)
    {
        lock (_gate)
        {
            if (IsClosed)
            {
                return;
            }

            if (command != DundiCommand.Ack && _ackOwed is { } owed)
            {
                // Asterisk ACKs a query at once and answers after: an answer ready at once is sent
                // the same way, so peers see what they see from Asterisk.
                _ackOwed = null;
                SendAck(owed);
            }

            var message = Message(command, elements, final);
            if (EncryptedPeer is not null && Cipher is { } cipher && DundiCipher.MustEncrypt(command))
            {
                message = cipher.Seal(this, message);
            }

            var bytes = DundiCodec.Encode(message);
            if (command != DundiCommand.Ack)
            {
                // No timer of its own: the endpoint's resend tick looks at it until it is acknowledged.
                _outbound++;
                var now = _time.GetTimestamp();
                _unacked = new Outstanding(message.OutboundSequence, bytes, final, now, RetransmitInterval)
                {
                    NextSend = now + Ticks(RetransmitInterval),
                    KillAt = AutoKill is { } limit ? now + Ticks(limit) : long.MaxValue,
                };
                _endpoint.ScheduleResend(this);
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
                    if (message.IsFinal || !deliver)
                    {
                        SendAck(message.IsFinal);
                        if (message.IsFinal)
                        {
                            Close();
                        }
                    }
                    else
                    {
                        _ackOwed = false;
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
            lock (_gate)
            {
                if (_ackOwed is { } owed)
                {
                    _ackOwed = null;
                    SendAck(owed);
                }
            }
        }
    }

    /// <summary>
    /// The one reply an unauthenticated source gets: FINAL, carrying the ACK of its packet, never
    /// retransmitted, and the transaction forgotten at once. It is not sent at all when it would be
    /// larger than the packet that asked for it, or when the source has had its share of replies.
    /// </summary>
    public void ReplyOnce(DundiCommand command, ImmutableArray<DundiElement> elements)
    {
        lock (_gate)
        {
            if (IsClosed)
            {
                return;
            }

            _ackOwed = null;
            var bytes = DundiCodec.Encode(Message(command, elements, final: true));
            if (bytes.Length > OpeningLength && elements.Any(e => e.Type == DundiIeType.Cause))
            {
                // The cause code alone says what the text says: NOAUTH is NOAUTH. The text only goes
                // where it fits within what the source sent.
                var terse = elements.Select(e => e.TryGetCause(out var cause) ? DundiElement.Cause(cause.Code) : e);
                bytes = DundiCodec.Encode(Message(command, [.. terse], final: true));
            }

            _outbound++;
            IsClosed = true;
            _unacked = null;
            _endpoint.ReplyUnauthenticated(this, bytes);
        }
    }

    /// <summary>Gives up a transaction past its deadline; its owner hears it failed.</summary>
    public void Expire()
    {
        lock (_gate)
        {
            if (!IsClosed)
            {
                Fail("the transaction outlived its deadline");
            }
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

    /// <summary>
    /// The endpoint's resend tick (<paramref name="now"/> a <see cref="TimeProvider"/> timestamp):
    /// resends the unacknowledged packet when its interval is up, gives up when its sends and time
    /// are spent or autokill's limit passed, and leaves the tick's list once nothing is outstanding.
    /// </summary>
    public void Tick(long now)
    {
        lock (_gate)
        {
            // Under the lock, so a packet sent meanwhile cannot be left off the list.
            if (_unacked is not { } pending || IsClosed)
            {
                _endpoint.UnscheduleResend(this);
                return;
            }

            if (now >= pending.KillAt)
            {
                Fail($"no acknowledgement within {AutoKill.GetValueOrDefault().TotalMilliseconds:F0} ms (autokill)");
                return;
            }

            if (now < pending.NextSend)
            {
                return;
            }

            // Every interval after the first send, as a periodic timer would; never a burst to catch up.
            pending.NextSend = Math.Max(pending.NextSend + Ticks(pending.Interval), now + 1);
            if (pending.Sends >= MaxSends)
            {
                // Sends spaced by a short, round-trip-based interval run out fast; a peer that is only
                // briefly busy still gets until GiveUpAfter to acknowledge before we call it gone.
                if (_time.GetElapsedTime(pending.FirstSent, now) >= GiveUpAfter)
                {
                    Fail($"no acknowledgement after {pending.Sends} sends");
                }
            }
            else
            {
                pending.Sends++;
                _endpoint.SendDatagram(pending.Bytes, Remote);
            }
        }
    }

    private long Ticks(TimeSpan interval) => (long)(interval.TotalSeconds * _time.TimestampFrequency);

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
        _unacked = null;
        _ackOwed = null;
        _endpoint.Retire(this);
    }

    private sealed class Outstanding(byte sequence, byte[] bytes, bool final, long firstSent, TimeSpan interval)
    {
        public byte Sequence { get; } = sequence;

        public byte[] Bytes { get; } = bytes;

        public bool Final { get; } = final;

        public long FirstSent { get; } = firstSent;

        /// <summary>The retransmission interval when it was first sent (a later round trip changes the next packet's).</summary>
        public TimeSpan Interval { get; } = interval;

        public int Sends { get; set; } = 1;

        /// <summary>When it is sent again (timestamp).</summary>
        public long NextSend { get; set; }

        /// <summary>When autokill gives it up (timestamp); <see cref="long.MaxValue"/>: never.</summary>
        public long KillAt { get; init; }
    }
}
