using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace NumberDirectory.Core.Routes;

/// <summary>
/// Renders a route URI as the NAPTR records of an ENUM answer: one record per service, flag
/// <c>u</c>, regexp <c>!^.*$!uri!</c>, replacement <c>.</c>, preference = the route's weight.
/// </summary>
/// <remarks>
/// RFC 3403 §4.1, RFC 6116 §3.4, RFC 6315 (iax); docs/architecture.md §Route rendering (the ENUM column);
/// docs/protocols/enum.md §NAPTR records. Credentials are never published: an IAX2 route renders as
/// <c>iax:host[:port]/number</c> without user or secret. A record whose strings exceed 255 octets
/// or contain the <c>!</c> delimiter is not rendered at all (Asterisk drops a whole RRset over one
/// malformed record), so <see cref="TryRender"/> reports why and <see cref="Render"/> returns none.
/// </remarks>
public sealed class NaptrRenderer
{
    /// <summary>Longest NAPTR character-string, RFC 1035 §3.3.</summary>
    public const int MaxStringOctets = 255;

    private readonly NaptrRenderOptions _options;

    /// <summary>Creates a renderer; every configured service must be an ENUM service.</summary>
    public NaptrRenderer(NaptrRenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var service in options.SipServices.Concat(options.IaxServices))
        {
            if (!NaptrOverride.IsEnumService(service))
            {
                throw new ArgumentException($"NAPTR service '{service}' is not an ENUM service: write E2U+type[:subtype]", nameof(options));
            }
        }

        _options = options;
    }

    /// <summary>The records for <paramref name="uri"/>, or none when it cannot be published (see <see cref="TryRender"/>).</summary>
    public IReadOnlyList<NaptrRecordData> Render(RouteUri uri, ushort weight, NaptrOverride? naptrOverride) =>
        TryRender(uri, weight, naptrOverride, out var records, out _) ? records : [];

    /// <summary>The records for <paramref name="uri"/>, or false with the reason it cannot be published.</summary>
    public bool TryRender(RouteUri uri, ushort weight, NaptrOverride? naptrOverride,
        out IReadOnlyList<NaptrRecordData> records, [NotNullWhen(false)] out string? error)
    {
        records = [];
        var (target, services) = Target(uri);
        if (naptrOverride?.Service is { } service)
        {
            services = [service];
        }

        var regexp = "!^.*$!" + target + "!";
        if (target.Contains('!', StringComparison.Ordinal))
        {
            error = $"'{target}' contains '!', the regexp delimiter";
            return false;
        }

        return TryRecords(services, regexp, weight, naptrOverride, out records, out error);
    }

    /// <summary>
    /// The records for a wildcard name: <paramref name="sample"/> is the route with each use of the number
    /// written as a marker, each marker is replaced by its back-references, and the regexp is
    /// <c>!ere!target!</c>, so the record both enforces the pattern and puts the number in.
    /// </summary>
    /// <remarks>RFC 3402 §3.2 (substitution expression); docs/protocols/enum.md §Zone contents.</remarks>
    internal bool TryRenderSubstitution(RouteUri sample, ushort weight, NaptrOverride? naptrOverride, string ere,
        IReadOnlyList<(string Marker, string Replacement)> markers,
        out IReadOnlyList<NaptrRecordData> records, [NotNullWhen(false)] out string? error)
    {
        records = [];
        var (target, services) = Target(sample);
        if (naptrOverride?.Service is { } service)
        {
            services = [service];
        }

        if (target.Contains('!', StringComparison.Ordinal) || target.Contains('\\', StringComparison.Ordinal))
        {
            error = $"'{target}' contains '!' or '\\', which a regexp substitution cannot carry";
            return false;
        }

        foreach (var (marker, replacement) in markers)
        {
            if (!target.Contains(marker, StringComparison.Ordinal))
            {
                error = $"the number does not survive as written in '{target}'";
                return false;
            }

            target = target.Replace(marker, replacement, StringComparison.Ordinal);
        }

        var regexp = "!" + ere + "!" + target + "!";
        return TryRecords(services, regexp, weight, naptrOverride, out records, out error);
    }

    /// <summary>One record per service with <paramref name="regexp"/>, once every string fits in 255 octets.</summary>
    private bool TryRecords(IReadOnlyList<string> services, string regexp, ushort weight, NaptrOverride? naptrOverride,
        out IReadOnlyList<NaptrRecordData> records, [NotNullWhen(false)] out string? error)
    {
        records = [];
        foreach (var text in services.Append(regexp))
        {
            var octets = Encoding.UTF8.GetByteCount(text);
            if (octets > MaxStringOctets)
            {
                error = $"the NAPTR string '{text}' is {octets} octets; at most {MaxStringOctets} fit (shorten the host or number)";
                return false;
            }
        }

        var order = naptrOverride?.Order ?? _options.DefaultOrder;
        var preference = naptrOverride?.Preference ?? weight;
        records = services.Select(s => new NaptrRecordData(order, preference, "u", s, regexp, ".")).ToArray();
        error = null;
        return true;
    }

    private (string Target, IReadOnlyList<string> Services) Target(RouteUri uri) => uri.Scheme switch
    {
        RouteScheme.Sip or RouteScheme.Sips => (uri.Text, _options.SipServices),
        RouteScheme.Iax2 => (IaxTarget(uri), _options.IaxServices),
        RouteScheme.H323 => (uri.Text, ["E2U+h323"]),
        RouteScheme.Tel => (uri.Text, ["E2U+pstn:tel", "E2U+voice:tel"]),
        _ => throw new ArgumentOutOfRangeException(nameof(uri), uri.Scheme, "unknown route scheme"),
    };

    /// <summary>RFC 6315's <c>iax:</c> form, deliberately without user and secret.</summary>
    private static string IaxTarget(RouteUri uri)
    {
        var text = new StringBuilder("iax:").Append(uri.HostPort).Append('/').Append(uri.Number);
        return uri.Context is null ? text.ToString() : text.Append('?').Append(uri.Context).ToString();
    }
}
