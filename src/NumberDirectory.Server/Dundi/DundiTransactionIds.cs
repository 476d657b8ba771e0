using System.Buffers.Binary;
using System.Security.Cryptography;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// Random transaction ids from the OS generator, drawn 256 at a time: one call for many
/// transactions instead of one each (it showed in profiles at thousands of lookups a second).
/// </summary>
/// <remarks>
/// The ids stay as unpredictable as the OS generator makes them: an answer to one of our queries is
/// matched by its id and the peer's address, so an id someone off the path could guess would let
/// them forge answers from a peer's address (docs/protocols/dundi.md §Header, §Performance).
/// </remarks>
internal sealed class DundiTransactionIds
{
    private readonly Lock _gate = new();
    private readonly byte[] _pool = new byte[512];
    private int _next;

    public DundiTransactionIds() => _next = _pool.Length;

    /// <summary>The next id, uniformly in 1..32766 (0 means "none" in the header; the top bit is not ours).</summary>
    public ushort Next()
    {
        lock (_gate)
        {
            while (true)
            {
                if (_next == _pool.Length)
                {
                    RandomNumberGenerator.Fill(_pool);
                    _next = 0;
                }

                // Rejection, not a modulo: every id is as likely as every other.
                var id = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(_pool.AsSpan(_next)) & 0x7FFF);
                _next += 2;
                if (id is > 0 and < 32767)
                {
                    return id;
                }
            }
        }
    }
}
