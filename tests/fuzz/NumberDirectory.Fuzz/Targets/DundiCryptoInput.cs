namespace NumberDirectory.Fuzz.Targets;

/// <summary>Which layer of an ENCRYPT packet a <see cref="DundiCryptoTarget"/> mutates.</summary>
public enum DundiCryptoInput
{
    /// <summary>The ENCRYPT datagram as received: header, key IEs, ENCDATA.</summary>
    Packet,

    /// <summary>The plaintext packet, then compressed and encrypted with a known key.</summary>
    Plaintext,

    /// <summary>The zlib stream itself, then encrypted with a known key.</summary>
    Zlib,
}
