using System.Collections.Immutable;

namespace NumberDirectory.Core.Dundi;

/// <summary>
/// One DUNDi datagram: the 8-byte header and its information elements, in wire order.
/// A decoded message re-encodes to the very bytes it came from.
/// </summary>
/// <remarks>
/// docs/protocols/dundi.md §Header. <see cref="SourceTransaction"/> holds strans exactly as received (the top
/// bit included) so that re-encoding is byte-exact; the transaction layer matches on
/// <see cref="SourceTransactionId"/>, which applies the 0x7FFF mask.
/// Typed readers (<see cref="CalledNumber"/>, <see cref="Answers"/>…) are in <c>DundiMessage.Readers.cs</c>.
/// </remarks>
public sealed partial record DundiMessage
{
    /// <summary>strans: the sender's transaction id as on the wire.</summary>
    public ushort SourceTransaction { get; init; }

    /// <summary>dtrans: the receiver's transaction id; 0 in the first packet of a transaction.</summary>
    public ushort DestinationTransaction { get; init; }

    /// <summary>iseqno: the next sequence number the sender expects (cumulative ACK).</summary>
    public byte InboundSequence { get; init; }

    /// <summary>oseqno: this packet's sequence number.</summary>
    public byte OutboundSequence { get; init; }

    /// <summary>The command, response bit included, FINAL excluded. May be a value the enum does not name.</summary>
    public required DundiCommand Command { get; init; }

    /// <summary>The FINAL bit (0x80 of cmdresp): the sender's last packet of the transaction.</summary>
    public bool IsFinal { get; init; }

    /// <summary>cmdflags; always 0 in practice, kept for exact re-encoding.</summary>
    public byte CommandFlags { get; init; }

    /// <summary>The information elements in wire order, malformed and unknown ones included.</summary>
    public ImmutableArray<DundiElement> Elements { get; init; } = [];

    /// <summary>strans masked with 0x7FFF, as it is read (docs/protocols/dundi.md §Header).</summary>
    public ushort SourceTransactionId => (ushort)(SourceTransaction & 0x7FFF);

    /// <summary>The cmdresp byte: command plus FINAL.</summary>
    public byte CommandByte => (byte)(((byte)Command & 0x7F) | (IsFinal ? 0x80 : 0));

    /// <summary>True when <see cref="Command"/> is one of the commands docs/protocols/dundi.md §Commands lists.</summary>
    public bool IsKnownCommand => Enum.IsDefined(Command);

    /// <inheritdoc />
    public bool Equals(DundiMessage? other) =>
        other is not null
        && SourceTransaction == other.SourceTransaction
        && DestinationTransaction == other.DestinationTransaction
        && InboundSequence == other.InboundSequence
        && OutboundSequence == other.OutboundSequence
        && Command == other.Command
        && IsFinal == other.IsFinal
        && CommandFlags == other.CommandFlags
        && Elements.AsSpan().SequenceEqual(other.Elements.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(SourceTransaction, DestinationTransaction, InboundSequence, OutboundSequence, Command, IsFinal, Elements.Length);
}
