namespace NumberDirectory.Server.Hosting;

/// <summary>One line of <c>/health</c>: what was checked, how it stands and what was found.</summary>
internal sealed record HealthCheck(string Name, HealthStatus Status, string Detail)
{
    /// <summary>Peers reachable now (the peers check only).</summary>
    public int? Reachable { get; init; }

    /// <summary>Peers configured (the peers check only).</summary>
    public int? Configured { get; init; }
}
