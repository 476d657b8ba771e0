using NumberDirectory.Core.EnumZones;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Server.EnumDns;

/// <summary>Where a question name falls in the zones served.</summary>
/// <param name="Zone">The zone, or null when the name is outside every zone.</param>
/// <param name="ApexOffset">Where the apex starts in the wire-form name.</param>
/// <param name="Kind">The apex itself, a number, or a name that cannot exist in an ENUM zone.</param>
/// <param name="Number">The number asked for when <paramref name="Kind"/> is <see cref="EnumNameKind.Number"/>.</param>
internal readonly record struct EnumZoneMatch(EnumZone? Zone, int ApexOffset, EnumNameKind Kind, DialNumber Number);
