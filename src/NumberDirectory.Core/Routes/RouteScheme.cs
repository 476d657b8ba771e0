namespace NumberDirectory.Core.Routes;

/// <summary>The URI schemes a route may use. Each front door renders them its own way.</summary>
/// <remarks>docs/architecture.md §Route rendering.</remarks>
public enum RouteScheme
{
    /// <summary><c>sip:user@host[:port][;uri-parameters]</c>.</summary>
    Sip,

    /// <summary><c>sips:user@host[:port][;uri-parameters]</c>: SIP over TLS on every hop.</summary>
    Sips,

    /// <summary><c>iax2:[user[:secret]@]host[:port]/number[?context]</c>, Asterisk's IAX2 peer form.</summary>
    Iax2,

    /// <summary><c>h323:[user@]host[:port]</c>.</summary>
    H323,

    /// <summary><c>tel:+digits</c>: a PSTN number, published in ENUM but not dialable by itself.</summary>
    Tel,
}
