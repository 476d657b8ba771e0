using NumberDirectory.Core.Dundi;

namespace NumberDirectory.Server.Dundi;

/// <summary>Receives what happens on a transaction: in-order messages, acknowledgements, failure.</summary>
internal interface IDundiTransactionOwner
{
    /// <summary>A new in-order message other than ACK (already acknowledged by the transaction).</summary>
    void Received(DundiTransaction transaction, DundiMessage message);

    /// <summary>Our last packet was acknowledged; <paramref name="roundTrip"/> is from its first send.</summary>
    void Acknowledged(DundiTransaction transaction, TimeSpan roundTrip);

    /// <summary>The peer never acknowledged our packet, or answered INVALID; the transaction is gone.</summary>
    void Failed(DundiTransaction transaction, string reason);
}
