namespace NumberDirectory.Server.Hosting;

/// <summary>
/// One entry of <c>DialStrings:Endpoints</c>: SIP routes to <see cref="Host"/> (on <see cref="Port"/>,
/// over <see cref="Transport"/>, when given) are dialled through the PJSIP endpoint <see cref="Endpoint"/>.
/// A list of objects rather than a map keyed by host, because configuration splits keys at ':'.
/// </summary>
public sealed class EndpointMappingOptions
{
    /// <summary>The host name or address as routes write it (IPv6 in brackets).</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>Only routes to this port; empty for every port.</summary>
    public int? Port { get; set; }

    /// <summary>Only routes over this transport (udp, tcp, tls, ws, wss; tls for sips:); empty for every transport.</summary>
    public string? Transport { get; set; }

    /// <summary>The PJSIP endpoint name (pjsip.conf).</summary>
    public string Endpoint { get; set; } = string.Empty;
}
