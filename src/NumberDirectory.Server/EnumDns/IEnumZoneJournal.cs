using NumberDirectory.Core.EnumZones;

namespace NumberDirectory.Server.EnumDns;

/// <summary>The zones' recent history, kept outside the door (it reads no storage itself).</summary>
/// <remarks>RFC 1995 §4; docs/protocols/enum.md §Zone transfer.</remarks>
internal interface IEnumZoneJournal
{
    /// <summary>
    /// Every step from <paramref name="serial"/> to <paramref name="current"/>, oldest first, or null when
    /// the history does not reach back that far unbroken (the secondary then gets the whole zone).
    /// </summary>
    IReadOnlyList<EnumZoneDelta>? Since(uint serial, uint current);
}
