namespace NumberDirectory.Server.Hosting;

/// <summary>A range published from configuration (an entry of the <c>Ranges</c> array).</summary>
public sealed class RangeOptions
{
    /// <summary>The configuration section holding the array.</summary>
    public const string Section = "Ranges";

    /// <summary>Context the range is published in.</summary>
    public string Context { get; set; } = "e164";

    /// <summary>Asterisk pattern (<c>_4XXX</c>), number (<c>4001</c>) or range (<c>4000-4999</c>, <c>+15550100-+15550199</c>).</summary>
    public string Pattern { get; set; } = string.Empty;

    /// <summary>Routes to the numbers of the range.</summary>
    public List<RouteOptions> Routes { get; set; } = [];

    /// <summary>Also ask peers and merge their answers (default: our answer is authoritative).</summary>
    public bool Merge { get; set; }

    /// <summary>The name callers see for these numbers, served as TXT by the ENUM door (Asterisk's <c>TXTCIDNAME</c>); empty for none.</summary>
    public string? DisplayName { get; set; }

    /// <summary>A note for administrators.</summary>
    public string? Description { get; set; }
}
