namespace NumberDirectory.Core.Routes;

/// <summary>Which ENUM services a route is published under, and the default order.</summary>
/// <remarks>
/// docs/protocols/enum.md §NAPTR records and §Asterisk ENUMLOOKUP: ENUMLOOKUP asks for <c>E2U+pjsip</c> by default and
/// <c>E2U+sip</c> only when told, so SIP routes are served under both; Asterisk dialplans ask for
/// <c>E2U+iax2</c> while RFC 6315 registers <c>E2U+iax</c>, so IAX2 routes are served under both.
/// A client skips records whose service it did not ask for, so extra services are safe.
/// </remarks>
public sealed record NaptrRenderOptions
{
    /// <summary>Services for <c>sip:</c> and <c>sips:</c> routes.</summary>
    public IReadOnlyList<string> SipServices { get; init; } = ["E2U+sip", "E2U+pjsip"];

    /// <summary>Services for <c>iax2:</c> routes.</summary>
    public IReadOnlyList<string> IaxServices { get; init; } = ["E2U+iax2", "E2U+iax"];

    /// <summary>The NAPTR order of every record unless a route overrides it.</summary>
    public ushort DefaultOrder { get; init; } = 100;
}
