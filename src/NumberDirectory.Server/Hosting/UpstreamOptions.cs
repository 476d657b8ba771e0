namespace NumberDirectory.Server.Hosting;

/// <summary>
/// Upstream ENUM: external suffixes asked about numbers neither this node's ranges nor the mesh have.
/// Section <c>UpstreamEnum</c>; off while <see cref="Suffixes"/> is empty.
/// </summary>
/// <remarks>docs/protocols/enum.md §Upstream ENUM client; docs/architecture.md §UpstreamEnum.</remarks>
public sealed class UpstreamOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "UpstreamEnum";

    /// <summary>The suffixes, asked in this order for the numbers of their context.</summary>
    public List<UpstreamSuffixOptions> Suffixes { get; set; } = [];

    /// <summary>The longest routes learned upstream are kept, whatever TTL their records carry (seconds).</summary>
    public int MaxTtlSeconds { get; set; } = 3600;

    /// <summary>
    /// How long one record's regexp may run, in milliseconds. A record that runs out of it could not be
    /// judged: the answer is partial, or failed when nothing else was usable.
    /// </summary>
    public int MatchTimeoutMs { get; set; } = 50;
}
