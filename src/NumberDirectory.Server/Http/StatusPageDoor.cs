namespace NumberDirectory.Server.Http;

/// <summary>One door or listener on the status page.</summary>
/// <param name="Name">The door ("http", "agi", "dundi", "enum", "admin", "admin-json").</param>
/// <param name="Endpoints">Where it listens; empty when it does not.</param>
/// <param name="State">"ok", "fail" or "off".</param>
/// <param name="Detail">What was found, as <c>/health</c> says it.</param>
internal sealed record StatusPageDoor(string Name, string Endpoints, string State, string Detail);
