namespace NumberDirectory.Server.Hosting;

/// <summary>One route of a configured range.</summary>
public sealed class RouteOptions
{
    /// <summary>URI template, e.g. <c>iax2:pbx-b.example.net/${NUMBER}</c> or <c>sip:${NUMBER:1}@pbx-b.example.net</c>.</summary>
    public string Uri { get; set; } = string.Empty;

    /// <summary>0–59999, lower is tried first.</summary>
    public int Weight { get; set; }

    /// <summary>Destination flags: Residential, Commercial, Mobile, NoUnsolicited, NoCommercialUnsolicited, IgnorePattern.</summary>
    public List<string> Flags { get; set; } = [];

    /// <summary>The one ENUM service to publish instead of the scheme's defaults (e.g. <c>E2U+sip</c>); empty for the defaults.</summary>
    public string? NaptrService { get; set; }

    /// <summary>The NAPTR order instead of the default (100); empty for the default.</summary>
    public int? NaptrOrder { get; set; }

    /// <summary>The NAPTR preference instead of the weight; empty for the weight.</summary>
    public int? NaptrPreference { get; set; }
}
