namespace NumberDirectory.Bench.Soak;

/// <summary>
/// The steady load on A, per second, and the workers each door's load is spread over (its most in flight).
/// Moderate on purpose: a soak looks for what grows, so the node must keep headroom on two shared cores.
/// </summary>
internal sealed record SoakRates
{
    public double HttpPerSecond { get; init; } = 80;

    public int HttpWorkers { get; init; } = 8;

    public double AgiPerSecond { get; init; } = 20;

    public int AgiWorkers { get; init; } = 4;

    public double EnumUdpPerSecond { get; init; } = 40;

    public int EnumUdpWorkers { get; init; } = 4;

    /// <summary>TCP connections per second, each with <see cref="EnumTcpQueries"/> queries.</summary>
    public double EnumTcpPerSecond { get; init; } = 2;

    public int EnumTcpQueries { get; init; } = 3;

    public double DundiPerSecond { get; init; } = 30;

    public int DundiWorkers { get; init; } = 4;

    /// <summary>Packets per second of the hostile stream at A's DUNDi port.</summary>
    public int HostilePerSecond { get; init; } = 2000;

    /// <summary>Shares of local and remote numbers (the rest are missing ones) on HTTP, AGI and ENUM.</summary>
    public int LocalPercent { get; init; } = 40;

    public int RemotePercent { get; init; } = 40;
}
