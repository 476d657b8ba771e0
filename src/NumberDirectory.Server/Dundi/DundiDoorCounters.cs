using NumberDirectory.Core.Dundi;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// The DUNDi door's per-packet counts: one interlocked add into a fixed array per packet, nothing
/// allocated, read by <c>NodeMetrics</c> at scrape time (numberdirectory_dundi_packets_received_total,
/// …_sent_total, …_malformed_total, …_refused_total; README §Monitoring).
/// </summary>
/// <remarks>
/// Commands are counted as they are on the wire (an encrypted packet is an <c>encrypt</c>), by the
/// <c>cmdresp</c> byte without its FINAL bit (docs/protocols/dundi.md §Commands); a byte no command
/// has is counted as <c>other</c>, so a flood of made-up commands cannot grow the label set.
/// </remarks>
internal sealed class DundiDoorCounters
{
    private const int CommandSlots = 0x80;

    private static readonly (DundiCommand Command, string Word)[] Commands =
    [
        (DundiCommand.DpDiscover, "dpdiscover"), (DundiCommand.EidQuery, "eidquery"), (DundiCommand.PrecacheRequest, "precacherq"),
        (DundiCommand.Null, "null"), (DundiCommand.RegisterRequest, "regreq"), (DundiCommand.Cancel, "cancel"),
        (DundiCommand.Encrypt, "encrypt"), (DundiCommand.Ack, "ack"), (DundiCommand.DpResponse, "dpresponse"),
        (DundiCommand.EidResponse, "eidresponse"), (DundiCommand.PrecacheResponse, "precacherp"), (DundiCommand.Invalid, "invalid"),
        (DundiCommand.Unknown, "unknown"), (DundiCommand.RegisterResponse, "regresponse"), (DundiCommand.EncryptReject, "encrej"),
    ];

    private static readonly DundiDecodeError[] DecodeErrors = [DundiDecodeError.Truncated, DundiDecodeError.Oversized, DundiDecodeError.LengthPastEnd, DundiDecodeError.DanglingIeType];

    private static readonly DundiRefusal[] Refusals = Enum.GetValues<DundiRefusal>();

    private static readonly string[] RefusalWords = [.. Refusals.Select(WordOf)];

    private static readonly string[] DecodeErrorWords = [.. Enum.GetValues<DundiDecodeError>().Select(e => e.ToString().ToLowerInvariant())];

    private readonly long[] _received = new long[CommandSlots];
    private readonly long[] _sent = new long[CommandSlots];
    private readonly long[] _malformed = new long[DecodeErrorWords.Length];
    private readonly long[] _refused = new long[Refusals.Length];

    /// <summary>The label value of a refusal, as in <c>numberdirectory_rejected_total</c> (<c>too-many-transactions</c>).</summary>
    public static string Word(DundiRefusal refusal) => RefusalWords[(int)refusal];

    /// <summary>The label value of a decode error (<c>truncated</c>, <c>oversized</c>, <c>lengthpastend</c>, <c>danglingietype</c>).</summary>
    public static string Word(DundiDecodeError error) => DecodeErrorWords[(int)error];

    /// <summary>Counts a well-formed packet received.</summary>
    public void Received(DundiCommand command) => Interlocked.Increment(ref _received[(int)command & (CommandSlots - 1)]);

    /// <summary>Counts a datagram handed to the socket, by its <c>cmdresp</c> byte (offset 6 of the header).</summary>
    public void Sent(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > 6)
        {
            Interlocked.Increment(ref _sent[datagram[6] & (CommandSlots - 1)]);
        }
    }

    /// <summary>Counts a datagram that did not decode.</summary>
    public void Malformed(DundiDecodeError error) => Interlocked.Increment(ref _malformed[(int)error]);

    /// <summary>Counts a packet refused or dropped.</summary>
    public void Refused(DundiRefusal refusal) => Interlocked.Increment(ref _refused[(int)refusal]);

    /// <summary>Received packets by command label, those seen so far.</summary>
    public IEnumerable<(string Command, long Count)> ReceivedByCommand() => ByCommand(_received);

    /// <summary>Sent packets by command label, those seen so far.</summary>
    public IEnumerable<(string Command, long Count)> SentByCommand() => ByCommand(_sent);

    /// <summary>Malformed datagrams by reason, those seen so far.</summary>
    public IEnumerable<(string Reason, long Count)> MalformedByReason()
    {
        foreach (var error in DecodeErrors)
        {
            if (Interlocked.Read(ref _malformed[(int)error]) is > 0 and var count)
            {
                yield return (Word(error), count);
            }
        }
    }

    /// <summary>Refused packets by reason, those seen so far.</summary>
    public IEnumerable<(string Reason, long Count)> RefusedByReason()
    {
        foreach (var refusal in Refusals)
        {
            if (Interlocked.Read(ref _refused[(int)refusal]) is > 0 and var count)
            {
                yield return (Word(refusal), count);
            }
        }
    }

    private static IEnumerable<(string Command, long Count)> ByCommand(long[] counts)
    {
        var other = 0L;
        for (var slot = 0; slot < CommandSlots; slot++)
        {
            var count = Interlocked.Read(ref counts[slot]);
            if (count == 0)
            {
                continue;
            }

            if (Array.FindIndex(Commands, c => (int)c.Command == slot) is >= 0 and var known)
            {
                yield return (Commands[known].Word, count);
            }
            else
            {
                other += count;
            }
        }

        if (other > 0)
        {
            yield return ("other", other);
        }
    }

    // ClientNotAllowed → client-not-allowed: the words the door already reported.
    private static string WordOf(DundiRefusal refusal) =>
        string.Concat(refusal.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));
}
