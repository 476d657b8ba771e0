namespace NumberDirectory.Server.Hosting;

/// <summary>The gRPC admin API (<c>numdir</c> and other tools). Section <c>Admin</c>.</summary>
public sealed class AdminOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Admin";

    /// <summary>False turns the admin API off (the node still runs, managed through its files).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Address and port of the gRPC listener (HTTP/2), e.g. <c>127.0.0.1:50051</c>. Off loopback the node
    /// refuses to start without <see cref="Certificate"/> and <see cref="Tokens"/>. Port 0 picks a free one.
    /// </summary>
    public string Listen { get; set; } = "127.0.0.1:50051";

    /// <summary>
    /// Address and port of the same API as JSON over HTTP/1.1 (gRPC JSON transcoding, the routes in the
    /// protos' <c>google.api.http</c> rules), for tools without gRPC, e.g. <c>127.0.0.1:50052</c>. Empty: off.
    /// The same clients, TLS and tokens rules apply as on <see cref="Listen"/>.
    /// </summary>
    public string JsonListen { get; set; } = string.Empty;

    /// <summary>Client networks allowed to connect (CIDR); others get PERMISSION_DENIED. Empty means loopback only.</summary>
    public List<string> AllowedClients { get; set; } = [];

    /// <summary>TLS certificate (PEM file) of the listener; with <see cref="CertificateKey"/>, the API is served over TLS.</summary>
    public string Certificate { get; set; } = string.Empty;

    /// <summary>The certificate's private key (PEM file, readable by the node's user only).</summary>
    public string CertificateKey { get; set; } = string.Empty;

    /// <summary>
    /// Named bearer tokens. When any is configured every call must carry one (<c>authorization: Bearer …</c>)
    /// and the token's name is recorded with each change; required off loopback.
    /// </summary>
    public List<AdminTokenOptions> Tokens { get; set; } = [];
}
