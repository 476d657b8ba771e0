namespace NumberDirectory.Server.Import;

/// <summary>An extension pattern of a dialplan context that the importer publishes as one range.</summary>
/// <param name="Pattern">The pattern as written (<c>_4XXX</c>, <c>4001</c>).</param>
/// <param name="Line">The <c>exten =></c> line that defined it.</param>
public sealed record DialplanPattern(string Pattern, ConfLine Line);
