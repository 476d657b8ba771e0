using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Naptr;

/// <summary>What a terminal (<c>u</c>) record gave: a route URI, with the record's order and preference.</summary>
/// <param name="Uri">The URI, as a route (<c>iax:</c> read as <c>iax2:</c>).</param>
/// <param name="Order">The record's ORDER.</param>
/// <param name="Preference">The record's PREFERENCE: lower first, within one order.</param>
public sealed record NaptrRoute(RouteUri Uri, ushort Order, ushort Preference);
