namespace NumberDirectory.Core.Dundi;

/// <summary>A CAUSE IE: why a request was refused.</summary>
/// <param name="Code">The cause code.</param>
/// <param name="Text">Optional text; empty when none (Asterisk sends none for an unknown EID).</param>
/// <remarks>docs/protocols/dundi.md §CAUSE (code[1] + optional text) and §Inbound authorisation.</remarks>
public sealed record DundiCause(DundiCauseCode Code, string Text);
