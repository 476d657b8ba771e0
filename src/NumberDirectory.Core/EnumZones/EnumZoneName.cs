using System.Collections.Immutable;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.EnumZones;

/// <summary>
/// One name of an ENUM zone as transferred to secondaries, with its records: the NAPTR set and, when
/// the range has a display name, one TXT string.
/// </summary>
/// <remarks>docs/protocols/enum.md §Zone contents.</remarks>
/// <param name="Owner">The name below the zone's apex, e.g. <c>1.0.0.4</c>, or a wildcard such as <c>*.0.3.9.4</c>.</param>
/// <param name="Naptr">The NAPTR records, in no particular order, without duplicates.</param>
/// <param name="Text">The TXT string (a display name), or null.</param>
public sealed record EnumZoneName(string Owner, ImmutableArray<NaptrRecordData> Naptr, string? Text)
{
    /// <summary>True when the name carries no record at all (and so is not in the zone).</summary>
    public bool IsEmpty => Naptr.IsDefaultOrEmpty && Text is null;
}
