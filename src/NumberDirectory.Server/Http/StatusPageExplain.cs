using NumberDirectory.Server.Admin;

namespace NumberDirectory.Server.Http;

/// <summary>What the explain box was asked and what it found: a problem with the input, or the lookup it ran.</summary>
/// <param name="Number">The number as typed.</param>
/// <param name="Context">The context as typed (the default when left empty).</param>
/// <param name="Problem">What is wrong with the input, naming the field; null when the lookup ran.</param>
/// <param name="Run">The lookup, when it ran.</param>
internal sealed record StatusPageExplain(string Number, string Context, string? Problem, AdminLookupRun? Run);
