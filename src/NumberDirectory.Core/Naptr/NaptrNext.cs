namespace NumberDirectory.Core.Naptr;

/// <summary>What a non-terminal record (empty flags) gave: the name whose NAPTR records come next.</summary>
/// <param name="Name">The domain name, lower case, without the final dot.</param>
/// <param name="Order">The record's ORDER.</param>
/// <param name="Preference">The record's PREFERENCE.</param>
public sealed record NaptrNext(string Name, ushort Order, ushort Preference);
