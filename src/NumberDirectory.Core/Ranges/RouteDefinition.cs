namespace NumberDirectory.Core.Ranges;

/// <summary>A route as an administrator writes it (configuration, admin API, data file), not yet validated.</summary>
/// <param name="Uri">URI template, e.g. <c>iax2:pbx-b.example.net/${NUMBER}</c>.</param>
/// <param name="Weight">0–59999, lower first.</param>
/// <param name="Flags">Destination flag names (Residential, Commercial, Mobile, NoUnsolicited, NoCommercialUnsolicited, IgnorePattern).</param>
public sealed record RouteDefinition(string? Uri, int Weight, IReadOnlyList<string>? Flags)
{
    /// <summary>Optional NAPTR service override (e.g. <c>E2U+sip</c>).</summary>
    public string? NaptrService { get; init; }

    /// <summary>Optional NAPTR order override.</summary>
    public int? NaptrOrder { get; init; }

    /// <summary>Optional NAPTR preference override (default: the weight).</summary>
    public int? NaptrPreference { get; init; }
}
