namespace NumberDirectory.Server.Hosting;

/// <summary>Every health check of the node; the node stands as its worst check.</summary>
internal sealed record HealthReport(IReadOnlyList<HealthCheck> Checks)
{
    public HealthStatus Status => Checks.Count == 0 ? HealthStatus.Ok : Checks.Max(c => c.Status);
}
