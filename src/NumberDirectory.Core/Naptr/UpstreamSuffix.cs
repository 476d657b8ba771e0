namespace NumberDirectory.Core.Naptr;

/// <summary>One external ENUM suffix a context asks, in the order configured, and who answers for it.</summary>
/// <param name="Context">The lookup context whose numbers are asked about.</param>
/// <param name="Suffix">The suffix, e.g. <c>e164.example.org</c> (lower case, no final dot).</param>
/// <param name="Timeout">The longest one query under it may take (the request's deadline may cut it shorter).</param>
/// <param name="Resolver">Who asks the suffix's servers.</param>
/// <remarks>docs/protocols/enum.md §Upstream ENUM client.</remarks>
public sealed record UpstreamSuffix(string Context, string Suffix, TimeSpan Timeout, INaptrResolver Resolver);
