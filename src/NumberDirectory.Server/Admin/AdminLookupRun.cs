using NumberDirectory.Core.Lookup;

namespace NumberDirectory.Server.Admin;

/// <summary>One admin lookup: what was asked, what came back, when it began and how long it took.</summary>
internal sealed record AdminLookupRun(LookupRequest Request, LookupResult Result, DateTimeOffset Started, TimeSpan Elapsed);
