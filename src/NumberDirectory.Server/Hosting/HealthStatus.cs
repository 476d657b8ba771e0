namespace NumberDirectory.Server.Hosting;

/// <summary>How one health check, or the whole node, stands; later values are worse.</summary>
internal enum HealthStatus
{
    /// <summary>As it should be.</summary>
    Ok,

    /// <summary>Serving, with less than it should have (peers down): the node still answers from its own ranges and cache.</summary>
    Degraded,

    /// <summary>The node cannot serve as configured (a door closed, the data file not writable).</summary>
    Fail,
}
