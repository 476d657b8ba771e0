namespace NumberDirectory.Bench.Dundi;

/// <summary>
/// One DUNDi load scenario: which numbers the clients ask (each client gets its own
/// slice, so two clients never have the same number in flight) and whether queries carry CACHEBYPASS.
/// <paramref name="LastHop"/> reads the lookups answered by the node that should end up answering,
/// or is null when the asked node answers itself.
/// </summary>
internal sealed record LoadScenario(string Name, IReadOnlyList<string> Numbers, bool BypassCache, Func<long>? LastHop);
