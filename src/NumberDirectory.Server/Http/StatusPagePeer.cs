namespace NumberDirectory.Server.Http;

/// <summary>One DUNDi peer on the status page.</summary>
/// <param name="Id">Its EID.</param>
/// <param name="Address">Where it is sent to; "dynamic (not registered)" while a dynamic peer has no registration.</param>
/// <param name="Model">symmetric, outbound or inbound.</param>
/// <param name="State">reachable, unreachable, lagged, not probed yet, not qualified or not registered (as <c>/health</c> says).</param>
/// <param name="RoundTrip">The smoothed round trip, once measured.</param>
/// <param name="LastSeen">When it last answered anything.</param>
internal sealed record StatusPagePeer(string Id, string Address, string Model, string State, TimeSpan? RoundTrip, DateTimeOffset? LastSeen);
