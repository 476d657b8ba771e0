using System.Collections.Immutable;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using NumberDirectory.Core.EnumZones;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Server.EnumDns;

/// <summary>
/// The zones the door serves, matched against wire-form names, with their apex records. The SOA serial
/// starts from the one kept in the data file (the Unix time of the first start for a new file) and
/// moves forward by one at every range change, and once more at a start whose configured ranges differ.
/// </summary>
/// <remarks>RFC 6116 §2.4 (names of numbers); RFC 1982 (serials only move forward); docs/protocols/enum.md §Zones.</remarks>
internal sealed class EnumZoneSet
{
    private readonly (EnumZone Zone, byte[] Wire)[] _zones;
    private long _serial;

    public EnumZoneSet(ImmutableArray<EnumZone> zones, DateTimeOffset started)
    {
        _zones = [.. zones.Select(z => (z, DnsWire.Name(z.Suffix)))];
        _serial = (uint)started.ToUnixTimeSeconds();
    }

    public IReadOnlyList<EnumZone> Zones => [.. _zones.Select(z => z.Zone)];

    /// <summary>The serial every zone's SOA carries now.</summary>
    public uint Serial => (uint)Interlocked.Read(ref _serial);

    /// <summary>Moves the serial forward (RFC 1982 arithmetic wraps at 2^32) and returns it.</summary>
    public uint Advance()
    {
        while (true)
        {
            var current = Interlocked.Read(ref _serial);
            var next = (long)unchecked((uint)current + 1u);
            if (Interlocked.CompareExchange(ref _serial, next, current) == current)
            {
                return (uint)next;
            }
        }
    }

    /// <summary>
    /// Starts from the serial kept in the data file: the same one when nothing changed while the node
    /// was down, the next one when the configured ranges did; null (a new file) keeps the start time.
    /// Returns the serial served from now on.
    /// </summary>
    public uint Resume(uint? stored, bool configChanged)
    {
        if (stored is { } kept)
        {
            Interlocked.Exchange(ref _serial, kept);
            if (configChanged)
            {
                return Advance();
            }
        }

        return Serial;
    }

    /// <summary>Matches a lower-case wire-form name (root label included).</summary>
    public EnumZoneMatch Match(ReadOnlySpan<byte> name)
    {
        foreach (var (zone, wire) in _zones)
        {
            if (name.Length < wire.Length || !name[^wire.Length..].SequenceEqual(wire))
            {
                continue;
            }

            // The suffix must start at a label boundary: walk the labels to it.
            var apex = name.Length - wire.Length;
            var at = 0;
            var labels = 0;
            var digitsOnly = true;
            while (at < apex)
            {
                var length = name[at];
                digitsOnly &= length == 1 && name[at + 1] is >= (byte)'0' and <= (byte)'9';
                labels++;
                at += length + 1;
            }

            if (at != apex)
            {
                continue;
            }

            if (labels == 0)
            {
                return new EnumZoneMatch(zone, apex, EnumNameKind.Apex, default);
            }

            if (!digitsOnly || labels > DialNumber.MaxE164Digits)
            {
                return new EnumZoneMatch(zone, apex, EnumNameKind.NotANumber, default);
            }

            Span<char> digits = stackalloc char[labels + 1];
            digits[0] = '+';
            for (var i = 0; i < labels; i++)
            {
                digits[labels - i] = (char)name[(2 * i) + 1];
            }

            return DialNumber.TryParse(new string(digits), out var number, out _)
                ? new EnumZoneMatch(zone, apex, EnumNameKind.Number, number)
                : new EnumZoneMatch(zone, apex, EnumNameKind.NotANumber, default);
        }

        return new EnumZoneMatch(null, 0, EnumNameKind.Outside, default);
    }

    /// <summary>The zone's SOA record at its apex.</summary>
    public SoaRecord Soa(EnumZone zone) => new(
        Name(zone.Suffix),
        (int)zone.Ttl,
        Name(zone.Soa.PrimaryName),
        Name(zone.Soa.Mailbox),
        Serial,
        (int)zone.Soa.Refresh,
        (int)zone.Soa.Retry,
        (int)zone.Soa.Expire,
        (int)zone.Soa.Minimum);

    /// <summary>The SOA of a negative answer: its TTL the negative TTL, so caches keep the answer no longer (RFC 2308 §3).</summary>
    public SoaRecord NegativeSoa(EnumZone zone)
    {
        var soa = Soa(zone);
        return new SoaRecord(soa.Name, (int)zone.NegativeTtl, soa.MasterName, soa.ResponsibleName, soa.SerialNumber, soa.RefreshInterval, soa.RetryInterval, soa.ExpireInterval, soa.NegativeCachingTTL);
    }

    /// <summary>The zone's NS records at its apex.</summary>
    public static IReadOnlyList<NsRecord> NameServers(EnumZone zone) =>
        [.. zone.NameServers.Select(ns => new NsRecord(Name(zone.Suffix), (int)zone.Ttl, Name(ns)))];

    public static DomainName Name(string name) => name.Length == 0 ? DomainName.Root : new DomainName(name.Split('.'));
}
