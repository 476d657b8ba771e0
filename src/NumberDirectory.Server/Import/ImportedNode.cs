namespace NumberDirectory.Server.Import;

/// <summary>What dundi.conf's [general] said about the node itself, for substituting <c>${IPADDR}</c> and <c>${EID}</c>.</summary>
/// <param name="Id">The EID from <c>entityid</c>, or null.</param>
/// <param name="BindAddress">The address from <c>bindaddr</c>, or null.</param>
public sealed record ImportedNode(string? Id, string? BindAddress);
