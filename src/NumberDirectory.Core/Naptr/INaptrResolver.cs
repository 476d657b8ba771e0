namespace NumberDirectory.Core.Naptr;

/// <summary>
/// Asks an upstream ENUM source for the NAPTR records at a name. The node's implementation speaks DNS;
/// Core only sees answers, so the handler that uses it has no sockets.
/// </summary>
/// <remarks>docs/architecture.md §UpstreamEnum; docs/protocols/enum.md §Upstream ENUM client.</remarks>
public interface INaptrResolver
{
    /// <summary>
    /// The answer for <paramref name="name"/> by <paramref name="deadline"/>. A timeout, an error or a
    /// cancelled query is <see cref="NaptrAnswerKind.Failed"/>, never an exception.
    /// </summary>
    ValueTask<NaptrAnswer> ResolveAsync(string name, DateTimeOffset deadline, CancellationToken cancellationToken);
}
