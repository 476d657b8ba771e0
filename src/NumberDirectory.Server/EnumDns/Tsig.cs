using System.Buffers.Binary;
using System.Security.Cryptography;

namespace NumberDirectory.Server.EnumDns;

/// <summary>
/// TSIG with HMAC-SHA256: checks a signed request, signs the messages of a transfer (each one, the
/// first over the request's MAC, the next over the one before) and signs NOTIFY messages.
/// </summary>
/// <remarks>RFC 8945 §4.3 (what is digested), §5.2 (checks and their errors), §5.3.1 (a stream of messages).</remarks>
internal static class Tsig
{
    public const ushort TypeTsig = 250;
    public const ushort BadSig = 16;
    public const ushort BadKey = 17;
    public const ushort BadTime = 18;

    /// <summary>Seconds of clock difference accepted and declared (RFC 8945 §10 recommends 300).</summary>
    public const ushort Fudge = 300;

    private const string Algorithm = "hmac-sha256";

    /// <summary>0 when <paramref name="record"/> signs <paramref name="packet"/> with <paramref name="key"/> at about <paramref name="now"/>, else the TSIG error.</summary>
    public static ushort Verify(ReadOnlySpan<byte> packet, TsigRecord record, TsigKey? key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (key is null || record.KeyName != key.Name || record.Algorithm != Algorithm)
        {
            return BadKey;
        }

        // RFC 8945 §5.2.2.1: a MAC shorter than half the hash, or than 10 octets, is refused.
        if (record.Mac.Length is < 16 or > 32)
        {
            return BadSig;
        }

        var digest = new List<byte>(record.Start + 64);
        var message = packet[..record.Start].ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(message, record.OriginalId);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(10), (ushort)(BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(10)) - 1));
        digest.AddRange(message);
        Variables(digest, key.Name, record.TimeSigned, record.Fudge, record.Error, record.Other);
        var mac = HMACSHA256.HashData(key.Secret, digest.ToArray());
        if (!CryptographicOperations.FixedTimeEquals(mac.AsSpan(0, record.Mac.Length), record.Mac))
        {
            return BadSig;
        }

        return Math.Abs(now.ToUnixTimeSeconds() - record.TimeSigned) > record.Fudge ? BadTime : (ushort)0;
    }

    /// <summary>
    /// Appends a TSIG record to <paramref name="message"/> (its ARCOUNT raised by one) and returns the MAC:
    /// over <paramref name="prior"/> (the request's MAC for a first answer, the previous message's after
    /// it, none for a request) then the message, then all variables, or the timers only when
    /// <paramref name="timersOnly"/> (every message of a transfer after the first).
    /// </summary>
    public static byte[] Sign(List<byte> message, TsigKey key, byte[]? prior, bool timersOnly, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(key);
        var time = now.ToUnixTimeSeconds();
        var digest = new List<byte>(message.Count + 128);
        if (prior is not null)
        {
            AddUInt16(digest, (ushort)prior.Length);
            digest.AddRange(prior);
        }

        digest.AddRange(message);
        if (timersOnly)
        {
            AddTime(digest, time);
            AddUInt16(digest, Fudge);
        }
        else
        {
            Variables(digest, key.Name, time, Fudge, 0, []);
        }

        var mac = HMACSHA256.HashData(key.Secret, digest.ToArray());
        Append(message, key.Name, time, mac, BinaryPrimitives.ReadUInt16BigEndian([message[0], message[1]]), 0);
        return mac;
    }

    /// <summary>Appends an unsigned TSIG record carrying <paramref name="error"/> (BADKEY, BADSIG: RFC 8945 §5.2.2).</summary>
    public static void AppendError(List<byte> message, TsigRecord request, ushort error, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(request);
        Append(message, request.KeyName, error == BadTime ? now.ToUnixTimeSeconds() : request.TimeSigned, [], request.OriginalId, error);
    }

    private static void Append(List<byte> message, string keyName, long time, byte[] mac, ushort originalId, ushort error)
    {
        message.AddRange(DnsWire.Name(keyName));
        AddUInt16(message, TypeTsig);
        AddUInt16(message, DnsWire.ClassAny);
        message.AddRange(new byte[4]);
        var algorithm = DnsWire.Name(Algorithm);
        AddUInt16(message, (ushort)(algorithm.Length + 16 + mac.Length));
        message.AddRange(algorithm);
        AddTime(message, time);
        AddUInt16(message, Fudge);
        AddUInt16(message, (ushort)mac.Length);
        message.AddRange(mac);
        AddUInt16(message, originalId);
        AddUInt16(message, error);
        AddUInt16(message, 0);
        var count = (ushort)((message[10] << 8 | message[11]) + 1);
        message[10] = (byte)(count >> 8);
        message[11] = (byte)count;
    }

    private static void Variables(List<byte> digest, string keyName, long time, ushort fudge, ushort error, byte[] other)
    {
        digest.AddRange(DnsWire.Name(keyName));
        AddUInt16(digest, DnsWire.ClassAny);
        digest.AddRange(new byte[4]);
        digest.AddRange(DnsWire.Name(Algorithm));
        AddTime(digest, time);
        AddUInt16(digest, fudge);
        AddUInt16(digest, error);
        AddUInt16(digest, (ushort)other.Length);
        digest.AddRange(other);
    }

    private static void AddTime(List<byte> to, long time)
    {
        AddUInt16(to, (ushort)(time >> 32));
        AddUInt16(to, (ushort)(time >> 16));
        AddUInt16(to, (ushort)time);
    }

    private static void AddUInt16(List<byte> to, ushort value)
    {
        to.Add((byte)(value >> 8));
        to.Add((byte)value);
    }
}
