using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Naptr;

/// <summary>A NAPTR record that gave no route and no next name, and why.</summary>
/// <param name="Record">The record.</param>
/// <param name="Reason">Why it was skipped, for the trace.</param>
/// <param name="TimedOut">True when its regexp ran out of time: it might have applied.</param>
public sealed record NaptrSkip(NaptrRecordData Record, string Reason, bool TimedOut = false);
