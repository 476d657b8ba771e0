namespace NumberDirectory.Core.Routes;

/// <summary>
/// How routes become Asterisk dial strings (what HTTP and FastAGI return). Templates may use
/// <c>${USER}</c>, <c>${HOST}</c>, <c>${PORT}</c>, <c>${HOSTPORT}</c>, <c>${ENDPOINT}</c>,
/// <c>${DEST}</c> (the URI without its scheme, Asterisk's form) and <c>${URI}</c>.
/// </summary>
/// <remarks>docs/architecture.md §Route rendering (the dial string column).</remarks>
public sealed record DialStringOptions
{
    /// <summary>The endpoint <see cref="SipUriTemplate"/> dials through unless <see cref="Endpoints"/> says otherwise.</summary>
    public const string DefaultEndpointName = "numberdirectory";

    /// <summary>
    /// For <c>sip:</c>/<c>sips:</c>. The default dials a PJSIP endpoint named after the host
    /// (<c>PJSIP/4001@pbx-b.example</c>); legacy chan_sip setups use <c>SIP/${USER}@${HOSTPORT}</c>.
    /// </summary>
    public string SipTemplate { get; init; } = "PJSIP/${USER}@${ENDPOINT}";

    /// <summary>
    /// For a SIP route that says more than <see cref="SipTemplate"/> has a place for — a port (none of
    /// <c>${PORT}</c>, <c>${HOSTPORT}</c>, <c>${DEST}</c>, <c>${URI}</c>), URI parameters or the
    /// <c>sips:</c> scheme (neither <c>${DEST}</c> nor <c>${URI}</c>) — when no <see cref="Endpoints"/>
    /// entry matches it. The default dials the URI itself through <see cref="DefaultEndpoint"/>
    /// (<c>${ENDPOINT}</c> here): <c>PJSIP/numberdirectory/sip:4005@pbx-w.example.net;transport=wss</c>.
    /// </summary>
    public string SipUriTemplate { get; init; } = "PJSIP/${ENDPOINT}/${URI}";

    /// <summary>
    /// The PJSIP endpoint that <see cref="SipUriTemplate"/> dials through: it gives the call its
    /// codecs (and a transport where the URI names none), while the URI says where it goes
    /// (define it in pjsip.conf, no AOR needed).
    /// </summary>
    public string DefaultEndpoint { get; init; } = DefaultEndpointName;

    /// <summary>For <c>iax2:</c>; <c>${DEST}</c> keeps credentials, which Asterisk needs to dial.</summary>
    public string IaxTemplate { get; init; } = "IAX2/${DEST}";

    /// <summary>For <c>h323:</c>.</summary>
    public string H323Template { get; init; } = "H323/${DEST}";

    /// <summary>
    /// PJSIP endpoints by host, port and transport: a SIP route an entry matches dials
    /// <see cref="SipTemplate"/> with that endpoint, the endpoint saying how to reach the host (of
    /// several that match, the one naming most wins). A host no entry matches is its own endpoint
    /// name, unless the route needs <see cref="SipUriTemplate"/>.
    /// </summary>
    public IReadOnlyList<EndpointMapping> Endpoints { get; init; } = [];
}
