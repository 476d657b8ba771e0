namespace NumberDirectory.Server.Http;

/// <summary>The JSON body of <c>/health</c>.</summary>
internal sealed record HealthResponse(string Status, IReadOnlyList<HealthCheckResponse> Checks);
