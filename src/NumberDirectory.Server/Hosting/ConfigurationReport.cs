namespace NumberDirectory.Server.Hosting;

/// <summary>What the start-up check found: errors stop the node, warnings are logged and it starts.</summary>
internal sealed record ConfigurationReport(IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);
