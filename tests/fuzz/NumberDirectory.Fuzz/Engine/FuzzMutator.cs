namespace NumberDirectory.Fuzz.Engine;

/// <summary>
/// Makes new inputs from old ones, deterministically from its <see cref="Random"/>: bit flips, byte
/// writes, inserts, deletes, duplicated chunks, truncation, splices with another input, the target's
/// dictionary tokens and tweaks of its length fields, one to five of them stacked.
/// </summary>
public sealed class FuzzMutator(Random random, IFuzzTarget target)
{
    // Values that sit on boundaries: sign bits, all ones, line ends, '%' and ':' of the text doors.
    private static readonly byte[] Interesting = [0x00, 0x01, 0x02, 0x06, 0x0a, 0x0d, 0x10, 0x20, 0x25, 0x2b, 0x3a, 0x7f, 0x80, 0x81, 0xfe, 0xff];

    private readonly IReadOnlyList<byte[]> _tokens = target.Tokens;
    private readonly int _maxLength = target.MaxInputLength;

    /// <summary>A mutation of <paramref name="input"/>; <paramref name="other"/> is what splices take from.</summary>
    public byte[] Mutate(byte[] input, byte[] other)
    {
        var bytes = new List<byte>(input);
        var count = 1 + (int)Math.Min(4, -Math.Log2(1 - random.NextDouble()));
        for (var i = 0; i < count; i++)
        {
            MutateOnce(bytes, other);
        }

        if (bytes.Count > _maxLength)
        {
            bytes.RemoveRange(_maxLength, bytes.Count - _maxLength);
        }

        return [.. bytes];
    }

    private void MutateOnce(List<byte> bytes, byte[] other)
    {
        switch (random.Next(14))
        {
            case 0 when bytes.Count > 0:
                bytes[Pick(bytes)] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when bytes.Count > 0:
                bytes[Pick(bytes)] = Interesting[random.Next(Interesting.Length)];
                break;
            case 2 when bytes.Count > 0:
                bytes[Pick(bytes)] = (byte)random.Next(256);
                break;
            case 3 when bytes.Count > 0:
                var at = Pick(bytes);
                bytes[at] = unchecked((byte)(bytes[at] + random.Next(-8, 9)));
                break;
            case 4:
                bytes.InsertRange(random.Next(bytes.Count + 1), RandomBytes(1 + random.Next(16)));
                break;
            case 5 when bytes.Count > 0:
                var start = Pick(bytes);
                bytes.RemoveRange(start, Math.Min(bytes.Count - start, 1 + random.Next(16)));
                break;
            case 6 when bytes.Count > 0:
                var from = Pick(bytes);
                var chunk = bytes.GetRange(from, Math.Min(bytes.Count - from, 1 + random.Next(64)));
                bytes.InsertRange(random.Next(bytes.Count + 1), chunk);
                break;
            case 7 when bytes.Count > 0:
                var cut = random.Next(bytes.Count);
                bytes.RemoveRange(cut, bytes.Count - cut);
                break;
            case 8 when other.Length > 0:
                Splice(bytes, other);
                break;
            case 9 or 10 when _tokens.Count > 0:
                var token = _tokens[random.Next(_tokens.Count)];
                var position = random.Next(bytes.Count + 1);
                if (random.Next(2) == 0 || position + token.Length > bytes.Count)
                {
                    bytes.InsertRange(position, token);
                }
                else
                {
                    for (var i = 0; i < token.Length; i++)
                    {
                        bytes[position + i] = token[i];
                    }
                }

                break;
            case 11 or 12:
                TweakLength(bytes);
                break;
            default:
                if (bytes.Count > 0)
                {
                    bytes[Pick(bytes)] ^= 0xff;
                }

                break;
        }
    }

    /// <summary>Sets one length field to a boundary or a near miss: 0, ±1, 0xff, the rest of the input.</summary>
    private void TweakLength(List<byte> bytes)
    {
        var fields = target.LengthFields([.. bytes]);
        if (fields.Count == 0)
        {
            if (bytes.Count > 0)
            {
                bytes[Pick(bytes)] = (byte)random.Next(256);
            }

            return;
        }

        var at = fields[random.Next(fields.Count)];
        bytes[at] = random.Next(6) switch
        {
            0 => 0,
            1 => unchecked((byte)(bytes[at] + 1)),
            2 => unchecked((byte)(bytes[at] - 1)),
            3 => 0xff,
            4 => (byte)Math.Min(255, bytes.Count - at - 1),
            _ => (byte)random.Next(256),
        };
    }

    private void Splice(List<byte> bytes, byte[] other)
    {
        var keep = random.Next(bytes.Count + 1);
        var takeFrom = random.Next(other.Length);
        bytes.RemoveRange(keep, bytes.Count - keep);
        bytes.AddRange(other.AsSpan(takeFrom).ToArray());
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private int Pick(List<byte> bytes) => random.Next(bytes.Count);
}
