using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.RegularExpressions;

namespace NumberDirectory.Cli;

/// <summary>
/// The node's admin API as <c>--server</c> names it: <c>http://host:port</c>, <c>https://host:port</c>, or a bare
/// <c>host:port</c>, which means cleartext HTTP/2 as the node's default loopback listener speaks.
/// </summary>
internal sealed partial record AdminTarget(Uri Address)
{
    public const string Default = "http://127.0.0.1:50051";

    public bool Tls => Address.Scheme == Uri.UriSchemeHttps;

    /// <summary>True when the address is a loopback literal or <c>localhost</c>: a token sent in cleartext stays on this host.</summary>
    public bool Loopback =>
        Address.IsLoopback || (IPAddress.TryParse(Address.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    public static bool TryParse(string text, [NotNullWhen(true)] out AdminTarget? target)
    {
        target = null;
        var bare = !text.Contains("://", StringComparison.Ordinal);
        if (!Uri.TryCreate(bare ? "http://" + text : text, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            return false;
        }

        // A bare name without a port is the node's default admin port, not HTTP's 80.
        if (bare && !PortSuffix().IsMatch(text))
        {
            uri = new UriBuilder(uri) { Port = 50051 }.Uri;
        }

        target = new AdminTarget(uri);
        return true;
    }

    public override string ToString() => Address.GetLeftPart(UriPartial.Authority);

    [GeneratedRegex(@":[0-9]+$")]
    private static partial Regex PortSuffix();
}
