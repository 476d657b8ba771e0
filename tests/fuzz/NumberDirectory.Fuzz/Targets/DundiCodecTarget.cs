using NumberDirectory.Core.Dundi;
using NumberDirectory.Fuzz.Engine;
using NumberDirectory.Fuzz.Seeds;

namespace NumberDirectory.Fuzz.Targets;

/// <summary>
/// <see cref="DundiCodec.TryDecode"/> on mutated datagrams. Never throws; what decodes re-encodes to the
/// very bytes it came from (the codec keeps every IE raw, so it is canonical for everything it accepts)
/// and decodes again to an equal message; every typed reader answers, and a well-formed ANSWER, HINT,
/// CAUSE, EID or TTL rebuilt from its reading is the element it was read from.
/// </summary>
public sealed class DundiCodecTarget : IFuzzTarget
{
    public string Name => "dundi-codec";

    public IReadOnlyList<byte[]> Seeds { get; } = [.. GoldenCaptures.Wire, .. GoldenCaptures.Decrypted];

    public IReadOnlyList<byte[]> Tokens => GoldenCaptures.Tokens;

    public int MaxInputLength => DundiCodec.MaxDatagramLength + 1;

    public IReadOnlyList<int> LengthFields(byte[] input) => GoldenCaptures.IeLengthFields(input);

    public string Run(ReadOnlySpan<byte> input)
    {
        if (!DundiCodec.TryDecode(input, out var message, out var error))
        {
            FuzzInvariantException.Check(error != DundiDecodeError.None, "TryDecode refused a datagram without saying why");
            return "refused " + error;
        }

        var encoded = DundiCodec.Encode(message);
        FuzzInvariantException.Check(encoded.AsSpan().SequenceEqual(input), "a decoded datagram re-encodes to other bytes");
        FuzzInvariantException.Check(DundiCodec.GetEncodedLength(message) == input.Length, "GetEncodedLength differs from the datagram's length");
        FuzzInvariantException.Check(DundiCodec.TryDecode(encoded, out var again, out _) && again.Equals(message), "a re-encoded datagram decodes to another message");
        ReadEverything(message);
        return message.IsKnownCommand ? "decoded " + message.Command : "decoded unknown command";
    }

    public void Dispose()
    {
    }

    private static void ReadEverything(DundiMessage message)
    {
        _ = (message.FirstEid, message.Eids, message.CalledNumber, message.CalledContext, message.Ttl, message.Version, message.Expiration);
        _ = (message.RequestedEid, message.Answers, message.Hint, message.Cause, message.UnknownCommand, message.CacheBypass);
        _ = (message.KeyCrc32, message.SharedKey, message.Signature, message.EncryptedData, message.GetString(DundiIeType.Organization));
        foreach (var element in message.Elements)
        {
            _ = (element.IsWellFormed, element.IsKnownType, element.GetString(), element.ToString());
            var rebuilt = element.Type switch
            {
                DundiIeType.Answer when element.TryGetAnswer(out var answer) => DundiElement.Answer(answer),
                DundiIeType.Hint when element.TryGetHint(out var hint) => DundiElement.Hint(hint),
                DundiIeType.Cause when element.TryGetCause(out var cause) => DundiElement.Cause(cause),
                DundiIeType.Eid when element.TryGetEid(out var eid) => DundiElement.Eid(eid),
                DundiIeType.Ttl when element.TryGetUInt16(out var ttl) => DundiElement.Ttl(ttl),
                _ => (DundiElement?)null,
            };
            FuzzInvariantException.Check(rebuilt is null || rebuilt.Value.Equals(element), $"a well-formed {element.Type} rebuilt from its reading differs from the element");
        }
    }
}
