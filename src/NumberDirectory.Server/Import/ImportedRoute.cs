namespace NumberDirectory.Server.Import;

/// <summary>A route of an <see cref="ImportedRange"/>, shaped like <c>RouteOptions</c>.</summary>
public sealed record ImportedRoute(string Uri, int Weight, IReadOnlyList<string> Flags);
