using Microsoft.Extensions.Options;
using NumberDirectory.Core.Peers;
using NumberDirectory.Server.Hosting;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Dundi;

/// <summary>Registers the DUNDi door, the peers and the peer client.</summary>
internal static class DundiExtensions
{
    /// <summary>
    /// Loopback, the configured peers' addresses and <c>Dundi:AllowedClients</c> (dynamic peers
    /// register from addresses only a network list can name).
    /// </summary>
    internal static Func<System.Net.IPAddress, bool> AllowedSources(DundiOptions options)
    {
        var peers = options.Peers
            .Select(p => System.Net.IPAddress.TryParse(p.Host?.Trim(), out var address) ? address : null)
            .OfType<System.Net.IPAddress>()
            .ToHashSet();
        return AllowedSources(options, peers.Contains);
    }

    /// <summary>
    /// Loopback, the addresses <paramref name="isPeer"/> knows (the peer table's: peers added at
    /// runtime are let in from their first packet, removed ones no longer) and <c>Dundi:AllowedClients</c>.
    /// </summary>
    internal static Func<System.Net.IPAddress, bool> AllowedSources(DundiOptions options, Func<System.Net.IPAddress, bool> isPeer)
    {
        var networks = ClientNetworks.From(options.AllowedClients);
        return address =>
        {
            var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            return System.Net.IPAddress.IsLoopback(plain) || isPeer(plain) || networks.Allows(plain);
        };
    }

    public static IServiceCollection AddDundi(this IServiceCollection services)
    {
        services.AddSingleton<DundiPeerTable>();
        services.AddSingleton<IPeerDirectory>(sp => sp.GetRequiredService<DundiPeerTable>());
        services.AddSingleton(sp => DundiPeerKeys.Load(sp.GetRequiredService<IOptions<DundiOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DundiCipher>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DundiOptions>>().Value;
            var lookup = sp.GetRequiredService<IOptions<LookupOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            if (!ListenEndpoint.TryParse(options.Listen, out var listen, out var error))
            {
                throw new StartupException($"Dundi:Listen: {error}");
            }

            // Key files are read before the socket is bound, so a bad key leaves nothing open.
            var cipher = sp.GetRequiredService<DundiCipher>();

            try
            {
                var endpoint = new DundiEndpoint(
                    listen,
                    TimeSpan.FromMilliseconds(options.RetransmitInitialMs),
                    options.MaxSends,
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<NodeMetrics>(),
                    sp.GetRequiredService<ILogger<DundiEndpoint>>())
                {
                    Cipher = cipher,
                    AllowedSources = AllowedSources(options, sp.GetRequiredService<DundiPeerTable>().IsPeerAddress),
                    AutoKill = options.AutoKillMs > 0 ? TimeSpan.FromMilliseconds(options.AutoKillMs) : null,
                    GiveUpAfter = TimeSpan.FromMilliseconds((double)options.MaxSends * options.RetransmitMaxMs),
                    MaxTransactions = options.MaxTransactions,
                    MaxTransactionsPerSource = options.MaxTransactionsPerSource,
                    ReplyLimiter = new DundiReplyLimiter(time, options.UnauthenticatedRepliesPerSecond, options.UnauthenticatedReplyBurst, maxSources: 16_384),

                    // The backstop: the longest lookup, then the answer's retransmissions, then the linger.
                    TransactionLifetime = TimeSpan.FromMilliseconds(lookup.MaxTimeoutMs + ((double)options.MaxSends * options.RetransmitMaxMs) + 5000),
                };
                endpoint.SizeSocketBuffers(options.SocketBufferBytes);
                return endpoint;
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                throw ListenEndpoint.BindFailure("Dundi:Listen", listen, ex, inUse: "; is Asterisk's pbx_dundi or another node on it? give one of them another port");
            }
        });
        services.AddSingleton<DundiPeerClient>();
        services.AddSingleton<IPeerClient>(sp => new ReportingPeerClient(
            sp.GetRequiredService<DundiPeerClient>(), sp.GetRequiredService<NodeMetrics>(), sp.GetRequiredService<ILogger<ReportingPeerClient>>()));
        services.AddSingleton<DundiResponder>();
        services.AddSingleton<RegistrationStore>();
        services.AddSingleton<PeerStore>();
        services.AddSingleton<DundiPeerCatalog>();

        // Before the door opens, runtime peers first so that their registrations can be restored:
        // both are there for the first lookup.
        services.AddHostedService<DundiPeerStartup>();
        services.AddHostedService<DundiRegistrationSnapshots>();
        services.AddSingleton<DundiQualifier>();
        services.AddHostedService<DundiListener>();
        services.AddHostedService(sp => sp.GetRequiredService<DundiQualifier>());
        services.AddSingleton<DundiRegistration>();
        services.AddHostedService(sp => sp.GetRequiredService<DundiRegistration>());
        services.AddSingleton<DundiPrecachePush>();
        services.AddHostedService(sp => sp.GetRequiredService<DundiPrecachePush>());
        return services;
    }
}
