namespace NumberDirectory.Core.Routes;

/// <summary>
/// How routes become Asterisk dial strings (what HTTP and FastAGI return). Templates may use
/// <c>${USER}</c>, <c>${HOST}</c>, <c>${PORT}</c>, <c>${HOSTPORT}</c>, <c>${ENDPOINT}</c>,
/// <c>${DEST}</c> (the URI without its scheme, Asterisk's form) and <c>${URI}</c>.
/// </summary>
/// <remarks>docs/architecture.md §Route rendering (the dial string column).</remarks>
public sealed record DialStringOptions
{
    /// <summary>
    /// For <c>sip:</c>/<c>sips:</c>. The default dials a PJSIP endpoint named after the host
    /// (<c>PJSIP/4001@pbx-b.example</c>); legacy chan_sip setups use <c>SIP/${USER}@${HOSTPORT}</c>.
    /// </summary>
    public string SipTemplate { get; init; } = "PJSIP/${USER}@${ENDPOINT}";

    /// <summary>For <c>iax2:</c>; <c>${DEST}</c> keeps credentials, which Asterisk needs to dial.</summary>
    public string IaxTemplate { get; init; } = "IAX2/${DEST}";

    /// <summary>For <c>h323:</c>.</summary>
    public string H323Template { get; init; } = "H323/${DEST}";

    /// <summary>
    /// PJSIP endpoint names by host (or <c>host:port</c>, which wins), matched case-insensitively.
    /// A host not listed is its own endpoint name, port dropped.
    /// </summary>
    public IReadOnlyDictionary<string, string> Endpoints { get; init; } = new Dictionary<string, string>();
}
