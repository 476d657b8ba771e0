using System.Collections.Immutable;

namespace NumberDirectory.Core.EnumZones;

/// <summary>
/// One step of an ENUM zone's history, as IXFR sends it: the records removed and added when the
/// serial moved from <paramref name="From"/> to <paramref name="To"/>.
/// </summary>
/// <remarks>RFC 1995 §4; docs/protocols/enum.md §Zone transfer.</remarks>
/// <param name="From">The serial before the change.</param>
/// <param name="To">The serial after it.</param>
/// <param name="Context">The context whose zones changed; zones of other contexts only moved their serial.</param>
/// <param name="Deleted">Records removed, grouped by name.</param>
/// <param name="Added">Records added, grouped by name.</param>
public sealed record EnumZoneDelta(uint From, uint To, string Context, ImmutableArray<EnumZoneName> Deleted, ImmutableArray<EnumZoneName> Added);
