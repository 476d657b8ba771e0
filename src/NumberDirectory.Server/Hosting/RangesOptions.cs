namespace NumberDirectory.Server.Hosting;

/// <summary>The config-owned ranges: the root <c>Ranges</c> array, applied on every start.</summary>
public sealed class RangesOptions
{
    /// <summary>Ranges published from configuration; read-only through the admin API.</summary>
    public List<RangeOptions> Ranges { get; set; } = [];
}
