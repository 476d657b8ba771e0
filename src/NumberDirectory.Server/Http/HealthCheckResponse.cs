namespace NumberDirectory.Server.Http;

/// <summary>One check in <see cref="HealthResponse"/>; the peer counts only on the peers check.</summary>
internal sealed record HealthCheckResponse(string Name, string Status, string Detail, int? Reachable, int? Configured);
