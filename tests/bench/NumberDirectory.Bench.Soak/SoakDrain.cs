namespace NumberDirectory.Bench.Soak;

/// <summary>After all load stopped: how long each node's open DUNDi transactions took to reach 0 (null: not within the wait), and the nodes then.</summary>
internal sealed record SoakDrain(TimeSpan? AToZero, TimeSpan? BToZero, TimeSpan Waited, NodeSample A, NodeSample B);
