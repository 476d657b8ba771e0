using NumberDirectory.Core.Routes;

namespace NumberDirectory.Server.Hosting;

/// <summary>How routes become Asterisk dial strings on the HTTP and AGI doors. Section <c>DialStrings</c>.</summary>
public sealed class DialStringsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DialStrings";

    /// <summary>Template for <c>sip:</c> and <c>sips:</c> routes; <c>SIP/${USER}@${HOSTPORT}</c> for legacy chan_sip.</summary>
    public string Sip { get; set; } = "PJSIP/${USER}@${ENDPOINT}";

    /// <summary>
    /// Template for SIP routes with a port, URI parameters or <c>sips:</c> that <see cref="Sip"/> has no
    /// place for and no <see cref="Endpoints"/> entry matches: the URI is dialled through <see cref="DefaultEndpoint"/>.
    /// </summary>
    public string SipUri { get; set; } = "PJSIP/${ENDPOINT}/${URI}";

    /// <summary>The PJSIP endpoint <see cref="SipUri"/> dials through (define it in pjsip.conf).</summary>
    public string DefaultEndpoint { get; set; } = DialStringOptions.DefaultEndpointName;

    /// <summary>Template for <c>iax2:</c> routes.</summary>
    public string Iax { get; set; } = "IAX2/${DEST}";

    /// <summary>Template for <c>h323:</c> routes.</summary>
    public string H323 { get; set; } = "H323/${DEST}";

    /// <summary>
    /// PJSIP endpoints by host, port and transport; a host no entry matches is its own endpoint name
    /// (or, with a port, parameters or sips:, dialled by <see cref="SipUri"/>).
    /// </summary>
    public List<EndpointMappingOptions> Endpoints { get; set; } = [];

    /// <summary>The renderer's options; only for options that validated.</summary>
    internal DialStringOptions ToRenderOptions() => new()
    {
        SipTemplate = Sip,
        SipUriTemplate = SipUri,
        DefaultEndpoint = DefaultEndpoint,
        IaxTemplate = Iax,
        H323Template = H323,
        Endpoints = [.. Endpoints.Select(e => EndpointMapping.Create(e.Host, e.Endpoint, e.Port, e.Transport))],
    };
}
