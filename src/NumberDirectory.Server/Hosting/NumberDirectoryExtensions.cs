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
using NumberDirectory.Server.Dundi;
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
        services.AddSingleton(sp => NodeDatabase.Open(sp.GetRequiredService<IOptions<NodeOptions>>().Value.DataDirectory));
        services.AddSingleton<IdentityStore>();
        services.AddSingleton<RangeStore>();
        services.AddSingleton<RangeTable>();
        services.AddSingleton<RangeCatalog>();
        services.AddSingleton(sp =>
        {
            var configured = sp.GetRequiredService<IOptions<NodeOptions>>().Value.Id;
            NodeId? id = string.IsNullOrEmpty(configured) ? null : NodeId.Parse(configured);
            return new NodeIdentity(sp.GetRequiredService<IdentityStore>().GetOrCreate(id, RandomNumberGenerator.Fill));
        });
        services.AddSingleton<ILookupPipeline>(LookupPipelineOrder.Build);
        services.AddSingleton(sp =>
        {
            var dial = sp.GetRequiredService<IOptions<DialStringsOptions>>().Value;
            return new DialStringRenderer(new DialStringOptions
            {
                SipTemplate = dial.Sip,
                SipUriTemplate = dial.SipUri,
                DefaultEndpoint = dial.DefaultEndpoint,
                IaxTemplate = dial.Iax,
                H323Template = dial.H323,
                Endpoints = dial.Endpoints,
            });
        });
        services.AddSingleton(sp => new NodeMetrics(
            sp.GetRequiredService<IMeterFactory>(),
            sp.GetRequiredService<RangeTable>(),
            sp.GetRequiredService<LookupCache>(),
            sp.GetRequiredService<CacheHandler>(),
            sp.GetService<DundiPeerTable>()));
        services.AddSingleton<NodeHealth>();
        services.AddSingleton(sp =>
        {
            var cache = sp.GetRequiredService<IOptions<AnswerCacheOptions>>().Value;
            var lookup = sp.GetRequiredService<IOptions<LookupOptions>>().Value;
            return new LookupCache(sp.GetRequiredService<TimeProvider>(), new CacheOptions
            {
                NegativeTtl = TimeSpan.FromSeconds(lookup.NegativeTtlSeconds),
                MaxEntries = cache.MaxEntries,
                MaxStale = TimeSpan.FromSeconds(cache.MaxStaleSeconds),
                StaleAnswerTtl = TimeSpan.FromSeconds(cache.StaleAnswerTtlSeconds),
                RefreshBudget = TimeSpan.FromMilliseconds(cache.RefreshBudgetMs),
            });
        });
        services.AddSingleton<CacheHandler>();
        services.AddSingleton<PeerHintTable>();
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
        services.AddSingleton<EnumListener>();
        services.AddHostedService(sp => sp.GetRequiredService<EnumListener>());

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            // An invalid value is reported by the validator at start; listen nowhere rather than on a default.
            if (ListenEndpoint.TryParse(context.Configuration[$"{HttpOptions.Section}:{nameof(HttpOptions.Listen)}"] ?? new HttpOptions().Listen, out var endpoint, out _))
            {
                kestrel.Listen(endpoint);
            }

            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestLineSize = 2048;
        });
        Decorate<IServer>(services, (sp, kestrel) => new HttpDoorServer(kestrel, sp.GetRequiredService<IConfiguration>()));
        return builder;
    }

    /// <summary>Maps <c>/lookup</c>, <c>/metrics</c> and <c>/health</c> behind the client allow-list.</summary>
    public static WebApplication MapNumberDirectory(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<ClientAllowList>();
        app.MapLookup();
        app.MapMetrics();
        app.MapHealth();
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
        AddValidated<DialStringsOptions, DialStringsOptionsValidator>(services, configuration.GetSection(DialStringsOptions.Section));
        AddValidated<RangesOptions, RangesOptionsValidator>(services, configuration);
        AddValidated<AnswerCacheOptions, AnswerCacheOptionsValidator>(services, configuration.GetSection(AnswerCacheOptions.Section));
        AddValidated<DundiOptions, DundiOptionsValidator>(services, configuration.GetSection(DundiOptions.Section));
        AddValidated<EnumOptions, EnumOptionsValidator>(services, configuration.GetSection(EnumOptions.Section));
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
