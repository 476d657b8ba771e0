using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Http;

/// <summary>
/// Kestrel, with a bind failure turned into the same one-line start-up failure the other doors give,
/// naming <c>Http:Listen</c> (Kestrel itself throws a bare socket error or "Failed to bind to address").
/// </summary>
internal sealed class HttpDoorServer(IServer kestrel, IConfiguration configuration) : IServer
{
    public IFeatureCollection Features => kestrel.Features;

    public async Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        try
        {
            await kestrel.StartAsync(application, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException
            && ListenEndpoint.FindSocketError(ex) is { } socket
            && Failed(ex) is { } failed)
        {
            throw ListenEndpoint.BindFailure(failed.Option, failed.Endpoint, socket);
        }
    }

    // Kestrel's message names the address it could not bind: the admin listener's, or the door's.
    private (string Option, System.Net.IPEndPoint Endpoint)? Failed(Exception exception)
    {
        if (ListenEndpoint.TryParse(configuration[$"{AdminOptions.Section}:Listen"] ?? new AdminOptions().Listen, out var admin, out _)
            && admin.Port != 0
            && exception.Message.Contains(admin.ToString(), StringComparison.Ordinal))
        {
            return ($"{AdminOptions.Section}:Listen", admin);
        }

        return ListenEndpoint.TryParse(configuration[$"{HttpOptions.Section}:Listen"] ?? new HttpOptions().Listen, out var endpoint, out _)
            ? ($"{HttpOptions.Section}:Listen", endpoint)
            : null;
    }

    public Task StopAsync(CancellationToken cancellationToken) => kestrel.StopAsync(cancellationToken);

    public void Dispose() => kestrel.Dispose();
}
