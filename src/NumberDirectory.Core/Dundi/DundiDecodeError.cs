namespace NumberDirectory.Core.Dundi;

/// <summary>Why <see cref="DundiCodec.TryDecode"/> rejected a datagram.</summary>
/// <remarks>docs/protocols/dundi.md §Transport and §Information elements.</remarks>
public enum DundiDecodeError
{
    /// <summary>Decoded.</summary>
    None = 0,

    /// <summary>Shorter than the 8-byte header (an empty datagram included).</summary>
    Truncated,

    /// <summary>Longer than the 8192-byte maximum datagram.</summary>
    Oversized,

    /// <summary>An IE's length byte runs past the end of the datagram; the whole message is rejected.</summary>
    LengthPastEnd,

    /// <summary>A lone type byte at the end, with no length byte.</summary>
    DanglingIeType,
}
