namespace NumberDirectory.Bench.Soak;

/// <summary>One line of the verdict: what was checked, against what, and whether it held.</summary>
internal sealed record SoakCheck(string What, bool Held, string Evidence);
