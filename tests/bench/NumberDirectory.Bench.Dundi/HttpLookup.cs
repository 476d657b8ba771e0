namespace NumberDirectory.Bench.Dundi;

/// <summary>One timed <c>GET /lookup/{number}</c>.</summary>
internal readonly record struct HttpLookup(string Number, int Status, bool Partial, double Ms);
