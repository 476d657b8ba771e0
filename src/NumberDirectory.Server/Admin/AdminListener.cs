using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Admin;

/// <summary>
/// The admin API's listener: an HTTP/2 endpoint of the node's Kestrel (TLS when a certificate is
/// configured), whose connections are marked so that only the admin services answer on it and the
/// admin services answer nowhere else.
/// </summary>
/// <remarks>docs/architecture.md §Admin API.</remarks>
internal sealed class AdminListener
{
    private const string ItemKey = "numberdirectory.door";
    private const string Door = "admin";
    private const string JsonDoor = "admin-json";
    private ListenOptions? _listen;
    private ListenOptions? _json;

    /// <summary>The bound address (the real port when configured with port 0); null before start or when off.</summary>
    public IPEndPoint? LocalEndpoint => _listen?.IPEndPoint;

    /// <summary>The bound address of the JSON listener; null before start or when off.</summary>
    public IPEndPoint? JsonEndpoint => _json?.IPEndPoint;

    /// <summary>True when the admin API is served over TLS.</summary>
    public bool Tls { get; private set; }

    /// <summary>True when <paramref name="http"/> came in on the admin listener.</summary>
    public static bool IsAdminConnection(HttpContext http) =>
        http.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(ItemKey, out var door) == true && Door.Equals(door);

    /// <summary>True when <paramref name="http"/> came in on the JSON listener.</summary>
    public static bool IsJsonConnection(HttpContext http) =>
        http.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(ItemKey, out var door) == true && JsonDoor.Equals(door);

    /// <summary>Adds the endpoint to Kestrel; bad values were reported by the start-up check already.</summary>
    public void Configure(KestrelServerOptions kestrel, AdminOptions options)
    {
        if (!options.Enabled || !ListenEndpoint.TryParse(options.Listen, out var endpoint, out _))
        {
            return;
        }

        var certificate = !string.IsNullOrWhiteSpace(options.Certificate) && !string.IsNullOrWhiteSpace(options.CertificateKey) ? LoadCertificate(options) : null;
        Tls = certificate is not null;
        kestrel.Listen(endpoint, listen => _listen = Mark(listen, HttpProtocols.Http2, certificate, Door));
        if (!string.IsNullOrWhiteSpace(options.JsonListen) && ListenEndpoint.TryParse(options.JsonListen, out var json, out _))
        {
            // HTTP/1.1 only, as curl and scripts speak it; the gRPC listener stays HTTP/2.
            kestrel.Listen(json, listen => _json = Mark(listen, HttpProtocols.Http1, certificate, JsonDoor));
        }
    }

    private static ListenOptions Mark(ListenOptions listen, HttpProtocols protocols, X509Certificate2? certificate, string door)
    {
        listen.Protocols = protocols;
        if (certificate is not null)
        {
            listen.UseHttps(certificate);
        }

        listen.Use(next => connection =>
        {
            connection.Items[ItemKey] = door;
            return next(connection);
        });
        return listen;
    }

    private static X509Certificate2 LoadCertificate(AdminOptions options)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(options.Certificate, options.CertificateKey);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new StartupException($"Admin:Certificate: cannot read the certificate '{options.Certificate}' with its key '{options.CertificateKey}': {ex.Message}", ex);
        }
    }
}
