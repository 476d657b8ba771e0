using System.Collections.Immutable;
using NumberDirectory.Core.Routes;

namespace NumberDirectory.Core.Naptr;

/// <summary>
/// The SERVICES field of an ENUM NAPTR record (<c>E2U+sip</c>, <c>E2U+voice:sip+video:sip</c>) and the
/// enumservices this node can turn into routes, each with the URI schemes it may carry.
/// </summary>
/// <remarks>
/// RFC 6116 §3.4.3 (<c>"E2U" 1*("+" type *(":" subtype))</c>, types and subtypes of 1–32 letters, digits
/// and '-', compared without regard to case); RFC 3764 (sip, with sip: or sips: URIs), RFC 6315 (iax),
/// RFC 3762 (h323), RFC 4415 (voice:tel, voice:sip), RFC 4769 (pstn:tel). <c>pjsip</c> and <c>iax2</c>
/// are what Asterisk dialplans ask for. docs/protocols/enum.md §NAPTR records and §Upstream ENUM client.
/// </remarks>
public static class EnumServices
{
    private static readonly ImmutableDictionary<string, ImmutableArray<RouteScheme>> Accepted = new Dictionary<string, ImmutableArray<RouteScheme>>(StringComparer.Ordinal)
    {
        ["sip"] = [RouteScheme.Sip, RouteScheme.Sips],
        ["pjsip"] = [RouteScheme.Sip, RouteScheme.Sips],
        ["voice:sip"] = [RouteScheme.Sip, RouteScheme.Sips],
        ["video:sip"] = [RouteScheme.Sip, RouteScheme.Sips],
        ["iax"] = [RouteScheme.Iax2],
        ["iax2"] = [RouteScheme.Iax2],
        ["h323"] = [RouteScheme.H323],
        ["voice:h323"] = [RouteScheme.H323],
        ["pstn:tel"] = [RouteScheme.Tel],
        ["voice:tel"] = [RouteScheme.Tel],
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>The enumservices this node routes, in lower case (<c>sip</c>, <c>voice:tel</c>, …).</summary>
    public static IEnumerable<string> Routable => Accepted.Keys.Order(StringComparer.Ordinal);

    /// <summary>
    /// The enumservices of <paramref name="field"/> in lower case, without the <c>E2U+</c>; false when
    /// the field is not an ENUM services field.
    /// </summary>
    public static bool TryParse(string? field, out ImmutableArray<string> services)
    {
        services = [];
        if (field is null || field.Length < 5 || !field.StartsWith("E2U+", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var service in field[4..].Split('+'))
        {
            if (!service.Split(':').All(IsToken))
            {
                return false;
            }

            builder.Add(service.ToLowerInvariant());
        }

        services = builder.ToImmutable();
        return true;
    }

    /// <summary>The schemes a route of <paramref name="service"/> (lower case, as <see cref="TryParse"/> gives) may have; empty when this node does not route it.</summary>
    public static ImmutableArray<RouteScheme> Schemes(string service) =>
        Accepted.TryGetValue(service, out var schemes) ? schemes : [];

    private static bool IsToken(string part) =>
        part.Length is >= 1 and <= 32 && part.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
