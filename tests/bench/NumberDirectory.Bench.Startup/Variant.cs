namespace NumberDirectory.Bench.Startup;

/// <summary>One way of starting the node: extra command-line options and environment variables.</summary>
internal sealed record Variant(string Name, string[] Arguments, (string Name, string Value)[] Environment);
