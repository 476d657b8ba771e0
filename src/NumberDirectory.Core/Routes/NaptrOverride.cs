using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace NumberDirectory.Core.Routes;

/// <summary>
/// Per-route NAPTR fields that replace what <see cref="NaptrRenderer"/> would choose: one service
/// instead of the scheme's defaults, and a fixed order or preference instead of the default order
/// and the route's weight. Created only through <see cref="TryCreate"/>, so it is always valid.
/// </summary>
/// <remarks>RFC 6116 §3.4.3 (enumservice syntax <c>E2U+type[:subtype]</c>), RFC 3403 §4.1 (order, preference).</remarks>
public sealed partial record NaptrOverride
{
    private NaptrOverride(string? service, ushort? order, ushort? preference)
    {
        Service = service;
        Order = order;
        Preference = preference;
    }

    /// <summary>The one service to publish (e.g. <c>E2U+sip</c>), or null for the scheme's defaults.</summary>
    public string? Service { get; }

    /// <summary>The NAPTR order, or null for the renderer's default.</summary>
    public ushort? Order { get; }

    /// <summary>The NAPTR preference, or null for the route's weight.</summary>
    public ushort? Preference { get; }

    /// <summary>Validates and creates an override; the service must look like <c>E2U+type[:subtype]</c>.</summary>
    public static bool TryCreate(string? service, ushort? order, ushort? preference,
        [NotNullWhen(true)] out NaptrOverride? naptrOverride, [NotNullWhen(false)] out string? error)
    {
        naptrOverride = null;
        if (service is not null && !IsEnumService(service))
        {
            error = $"NAPTR service '{service}' is not an ENUM service: write E2U+type[:subtype], e.g. E2U+sip, E2U+iax2 or E2U+voice:tel";
            return false;
        }

        naptrOverride = new NaptrOverride(service, order, preference);
        error = null;
        return true;
    }

    /// <summary>Creates an override or throws <see cref="ArgumentException"/> with the reason.</summary>
    public static NaptrOverride Create(string? service = null, ushort? order = null, ushort? preference = null) =>
        TryCreate(service, order, preference, out var created, out var error) ? created : throw new ArgumentException(error, nameof(service));

    /// <summary>True for an RFC 6116 services field: <c>E2U</c> then one or more <c>+type[:subtype]</c>.</summary>
    public static bool IsEnumService(string service) => service.Length <= 255 && EnumService().IsMatch(service);

    [GeneratedRegex("^[Ee]2[Uu](\\+[A-Za-z0-9][A-Za-z0-9-]{0,31}(:[A-Za-z0-9][A-Za-z0-9-]{0,31})?)+$", RegexOptions.CultureInvariant)]
    private static partial Regex EnumService();
}
