using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NumberDirectory.Core.Caching;
using NumberDirectory.Core.Handlers;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Peers;
using NumberDirectory.Core.Numbers;
using NumberDirectory.Core.Ranges;
using NumberDirectory.Core.Routes;
using NumberDirectory.Core.EnumZones;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.Admin;
using NumberDirectory.Server.Agi;
using NumberDirectory.Server.EnumDns;
using NumberDirectory.Server.Http;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Hosting;

/// <summary>The node's wiring: <c>AddNumberDirectory</c> registers everything, <c>MapNumberDirectory</c> opens the HTTP door.</summary>
public static class NumberDirectoryExtensions
{
    /// <summary>Registers options (validated on start), storage, the range table, the pipeline and the doors.</summary>
    public static WebApplicationBuilder AddNumberDirectory(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddNodeOptions(builder.Configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var database = NodeDatabase.Open(sp.GetRequiredService<IOptions<NodeOptions>>().Value.DataDirectory);
            database.Time = sp.GetRequiredService<TimeProvider>();
            return database;
        });
        services.AddSingleton<IdentityStore>();
        services.AddSingleton<RangeStore>();
        services.AddSingleton<AuditStore>();
        services.AddSingleton<RangeTable>();
        services.AddSingleton<RangeCatalog>();
        services.AddSingleton(sp =>
        {
            var configured = sp.GetRequiredService<IOptions<NodeOptions>>().Value.Id;
            NodeId? id = string.IsNullOrEmpty(configured) ? null : NodeId.Parse(configured);
            return new NodeIdentity(sp.GetRequiredService<IdentityStore>().GetOrCreate(id, RandomNumberGenerator.Fill)) { StartedAt = sp.GetRequiredService<TimeProvider>().GetUtcNow() };
        });
        services.AddSingleton<ILookupPipeline>(LookupPipelineOrder.Build);
        services.AddSingleton(sp => new DialStringRenderer(sp.GetRequiredService<IOptions<DialStringsOptions>>().Value.ToRenderOptions()));
        services.AddSingleton<LookupHistory>();
        services.AddSingleton<LookupWatch>();
        services.AddSingleton<AdminLookup>();
        services.AddSingleton<StatusPageAccess>();
        services.AddSingleton(sp =>
        {
            var metrics = new NodeMetrics(
                sp.GetRequiredService<IMeterFactory>(),
                sp.GetRequiredService<RangeTable>(),
                sp.GetRequiredService<LookupCache>(),
                sp.GetRequiredService<CacheHandler>(),
                sp.GetService<DundiPeerTable>());
            sp.GetRequiredService<NodeDatabase>().Written = metrics.DataFileWrite;
            return metrics;
        });
        services.AddSingleton<NodeHealth>();
        services.AddSingleton(sp =>
        {
            var cache = sp.GetRequiredService<IOptions<AnswerCacheOptions>>().Value;
            var lookup = sp.GetRequiredService<IOptions<LookupOptions>>().Value;
            return new LookupCache(sp.GetRequiredService<TimeProvider>(), new CacheOptions
            {
                NegativeTtl = TimeSpan.FromSeconds(lookup.NegativeTtlSeconds),
                MaxEntries = cache.MaxEntries,
                MaxBytes = (long)cache.MaxMegabytes << 20,
                MaxStale = TimeSpan.FromSeconds(cache.MaxStaleSeconds),
                StaleAnswerTtl = TimeSpan.FromSeconds(cache.StaleAnswerTtlSeconds),
                RefreshBudget = TimeSpan.FromMilliseconds(cache.RefreshBudgetMs),
            });
        });
        services.AddSingleton<CacheHandler>();
        services.AddSingleton(sp => new PeerHintTable(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<AnswerCacheOptions>>().Value.MaxHints));
        services.AddSingleton<CacheStore>();
        services.AddHostedService<NodeStartup>();

        // Before any door starts listening: runs once the ranges are loaded.
        services.AddHostedService<NodeWarmup>();
        services.AddHostedService<CacheSnapshots>();
        // Read raw: a value that does not convert is reported by the start-up check, with every other mistake.
        if (!bool.TryParse(builder.Configuration[$"{DundiOptions.Section}:{nameof(DundiOptions.Enabled)}"], out var dundi) || dundi)
        {
            services.AddDundi();
        }

        // The FastAGI door; registered after NodeStartup so it opens once the ranges are loaded.
        services.AddSingleton<AgiLookupScript>();
        services.AddSingleton<AgiListener>();
        services.AddHostedService(sp => sp.GetRequiredService<AgiListener>());

        // The ENUM door, likewise after the ranges are loaded.
        services.AddSingleton(new NaptrRenderer(new NaptrRenderOptions()));
        services.AddSingleton(sp => new EnumZoneSet(
            EnumOptionsValidator.Zones(sp.GetRequiredService<IOptions<EnumOptions>>().Value, sp.GetRequiredService<IOptions<LookupOptions>>().Value),
            sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        services.AddSingleton(sp => new EnumResponderOptions(
            TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<EnumOptions>>().Value.TimeoutMs),
            sp.GetRequiredService<IOptions<LookupOptions>>().Value.HopBudget));
        services.AddSingleton<EnumResponder>();
        services.AddSingleton<EnumAnswerCache>();
        services.AddSingleton<ZoneSerialStore>();
        services.AddSingleton<ZoneJournalStore>();
        services.AddSingleton<IEnumZoneJournal>(sp => sp.GetRequiredService<ZoneJournalStore>());
        services.AddSingleton(sp => new EnumZoneRenderer(sp.GetRequiredService<NaptrRenderer>()));
        services.AddSingleton(sp => EnumOptionsValidator.Transfers(sp.GetRequiredService<IOptions<EnumOptions>>().Value));
        services.AddSingleton(sp => EnumOptionsValidator.Keys(sp.GetRequiredService<IOptions<EnumOptions>>().Value));
        services.AddSingleton<EnumZoneAdmission>();
        services.AddSingleton<IRangeAdmission>(sp => sp.GetRequiredService<EnumZoneAdmission>());
        services.AddSingleton<EnumNotifier>();
        services.AddSingleton(sp => new ZoneTransferResponder(
            sp.GetRequiredService<EnumZoneSet>(),
            sp.GetRequiredService<RangeTable>(),
            sp.GetRequiredService<EnumZoneRenderer>(),
            sp.GetRequiredService<ImmutableDictionary<string, EnumTransferPolicy>>(),
            sp.GetRequiredService<ImmutableDictionary<string, TsigKey>>(),
            sp.GetRequiredService<IEnumZoneJournal>(),
            (uint)sp.GetRequiredService<IOptions<LookupOptions>>().Value.LocalAnswerTtlSeconds,
            sp.GetRequiredService<NodeMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ZoneTransferResponder>>()));
        services.AddSingleton<EnumListener>();
        services.AddHostedService<ZoneSerialKeeper>();
        services.AddHostedService(sp => sp.GetRequiredService<EnumNotifier>());
        services.AddHostedService(sp => sp.GetRequiredService<EnumListener>());

        // The admin API: an endpoint of Kestrel's, like the HTTP door, opened with it.
        var admin = !bool.TryParse(builder.Configuration[$"{AdminOptions.Section}:{nameof(AdminOptions.Enabled)}"], out var adminOn) || adminOn;
        if (admin)
        {
            services.AddAdmin();
        }

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            // An invalid value is reported by the validator at start; listen nowhere rather than on a default.
            // The lookup door speaks HTTP/1.1 only: the admin API (HTTP/2) has a listener of its own.
            if (ListenEndpoint.TryParse(context.Configuration[$"{HttpOptions.Section}:{nameof(HttpOptions.Listen)}"] ?? new HttpOptions().Listen, out var endpoint, out _))
            {
                kestrel.Listen(endpoint, listen => listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1);
            }

            if (admin)
            {
                kestrel.ApplicationServices.GetRequiredService<AdminListener>().Configure(kestrel, kestrel.ApplicationServices.GetRequiredService<IOptions<AdminOptions>>().Value);
                _ = kestrel.ApplicationServices.GetRequiredService<AdminTokens>();
            }

            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestLineSize = 2048;

            // The door takes GETs of short paths: every other limit is small, so a client can make it
            // hold little. Values that do not convert are reported by the start-up check.
            var http = context.Configuration.GetSection(HttpOptions.Section);
            var defaults = new HttpOptions();
            kestrel.Limits.MaxConcurrentConnections = Number(http, nameof(HttpOptions.MaxConnections), defaults.MaxConnections);
            kestrel.Limits.MaxConcurrentUpgradedConnections = 0;
            kestrel.Limits.MaxRequestHeadersTotalSize = Number(http, nameof(HttpOptions.MaxHeaderBytes), defaults.MaxHeaderBytes);
            kestrel.Limits.MaxRequestHeaderCount = 64;
            kestrel.Limits.MaxRequestBodySize = 4096;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromMilliseconds(Number(http, nameof(HttpOptions.HeaderTimeoutMs), defaults.HeaderTimeoutMs));
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(Number(http, nameof(HttpOptions.KeepAliveSeconds), defaults.KeepAliveSeconds));
        });
        Decorate<IServer>(services, (sp, kestrel) => new HttpDoorServer(kestrel, sp.GetRequiredService<IConfiguration>()));
        return builder;
    }

    private static int Number(IConfiguration section, string key, int fallback) =>
        int.TryParse(section[key], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    /// <summary>Maps <c>/lookup</c>, <c>/metrics</c>, <c>/health</c> and the status page at <c>/</c> behind the client allow-list.</summary>
    public static WebApplication MapNumberDirectory(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var admin = app.Services.GetService<AdminListener>() is not null;
        if (admin)
        {
            app.UseMiddleware<AdminDoorGate>();
        }

        app.UseMiddleware<ClientAllowList>();
        app.MapLookup();
        app.MapMetrics();
        app.MapHealth();
        // Read raw, as Dundi:Enabled is: a value that does not convert is reported by the start-up check.
        if (!bool.TryParse(app.Configuration[$"{HttpOptions.Section}:{nameof(HttpOptions.StatusPage)}"], out var statusPage) || statusPage)
        {
            app.MapStatusPage();
        }

        if (admin)
        {
            app.MapAdmin();
        }

        return app;
    }

    /// <summary>
    /// Binds every options section and registers its validator, run when the node starts.
    /// <see cref="ConfigurationKeys"/> knows the same sections, to find keys no option defines.
    /// </summary>
    public static IServiceCollection AddNodeOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        AddValidated<NodeOptions, NodeOptionsValidator>(services, configuration.GetSection(NodeOptions.Section));
        AddValidated<LookupOptions, LookupOptionsValidator>(services, configuration.GetSection(LookupOptions.Section));
        AddValidated<HttpOptions, HttpOptionsValidator>(services, configuration.GetSection(HttpOptions.Section));
        AddValidated<AgiOptions, AgiOptionsValidator>(services, configuration.GetSection(AgiOptions.Section));
        var dialStrings = configuration.GetSection(DialStringsOptions.Section);
        services.AddOptions<DialStringsOptions>().Bind(dialStrings).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DialStringsOptions>>(new DialStringsOptionsValidator(dialStrings));
        AddValidated<RangesOptions, RangesOptionsValidator>(services, configuration);
        AddValidated<AnswerCacheOptions, AnswerCacheOptionsValidator>(services, configuration.GetSection(AnswerCacheOptions.Section));
        AddValidated<DundiOptions, DundiOptionsValidator>(services, configuration.GetSection(DundiOptions.Section));
        AddValidated<AdminOptions, AdminOptionsValidator>(services, configuration.GetSection(AdminOptions.Section));
        AddValidated<AuditOptions, AuditOptionsValidator>(services, configuration.GetSection(AuditOptions.Section));
        AddValidated<EnumOptions, EnumOptionsValidator>(services, configuration.GetSection(EnumOptions.Section));
        AddValidated<UpstreamOptions, UpstreamOptionsValidator>(services, configuration.GetSection(UpstreamOptions.Section));
        return services;
    }

    private static void Decorate<TService>(IServiceCollection services, Func<IServiceProvider, TService, TService> decorate)
        where TService : class
    {
        var original = services.Last(d => d.ServiceType == typeof(TService));
        services.Remove(original);
        services.Add(ServiceDescriptor.Describe(typeof(TService), sp => decorate(sp, Create<TService>(sp, original)), original.Lifetime));
    }

    private static TService Create<TService>(IServiceProvider services, ServiceDescriptor descriptor)
        where TService : class => descriptor switch
        {
            { ImplementationInstance: TService instance } => instance,
            { ImplementationFactory: { } factory } => (TService)factory(services),
            _ => (TService)ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!),
        };

    private static void AddValidated<TOptions, TValidator>(IServiceCollection services, IConfiguration section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }
}
