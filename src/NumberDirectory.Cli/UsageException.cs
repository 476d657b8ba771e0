namespace NumberDirectory.Cli;

/// <summary>
/// A bad argument found only once the command runs (a file that cannot be read, a route option before any
/// <c>--route</c>): the command exits 64 like a parse error, before anything is sent.
/// </summary>
internal sealed class UsageException(string message) : Exception(message);
