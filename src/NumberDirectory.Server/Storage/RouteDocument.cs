namespace NumberDirectory.Server.Storage;

/// <summary>A stored route of a <see cref="RangeDocument"/>.</summary>
public sealed class RouteDocument
{
    public string Uri { get; set; } = string.Empty;

    public int Weight { get; set; }

    public List<string> Flags { get; set; } = [];

    public string? NaptrService { get; set; }

    public int? NaptrOrder { get; set; }

    public int? NaptrPreference { get; set; }
}
