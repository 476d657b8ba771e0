using Microsoft.Extensions.Options;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Admin;

/// <summary>Registers and maps the gRPC admin API (services, reflection, health) on its own listener.</summary>
internal static class AdminExtensions
{
    /// <summary>Largest admin message accepted (an imported dundi.conf, a page of ranges).</summary>
    /// <summary>Largest admin request: a whole dundi.conf with its dialplan and keys fits many times over.</summary>
    internal const int MaxMessageBytes = 4 << 20;

    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddSingleton<AdminListener>();
        services.AddSingleton(sp => AdminTokens.Load(sp.GetRequiredService<IOptions<AdminOptions>>().Value));
        services.AddSingleton<AdminCallerCheck>();
        services.AddSingleton<AdminAuthInterceptor>();
        services.AddSingleton<DataFileErrorInterceptor>();
        services.AddGrpc(options =>
        {
            options.Interceptors.Add<AdminAuthInterceptor>();
            options.Interceptors.Add<DataFileErrorInterceptor>();
            options.MaxReceiveMessageSize = MaxMessageBytes;
        }).AddJsonTranscoding(options =>
        {
            // Errors carry google.rpc.BadRequest in their details; JSON needs its type to write them.
            options.TypeRegistry = Google.Protobuf.Reflection.TypeRegistry.FromMessages(Google.Rpc.BadRequest.Descriptor);
        });
        services.AddGrpcReflection();

        // Singletons: the services hold no per-call state, and the pipeline and stores they use are singletons.
        services.AddSingleton<NodeAdminService>();
        services.AddSingleton<LookupAdminService>();
        services.AddSingleton<CacheAdminService>();
        services.AddSingleton<RangeAdminService>();
        services.AddSingleton<PeerAdminService>();
        services.AddSingleton<HealthAdminService>();
        services.AddSingleton<BackupAdminService>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditAdminService>();
        return services;
    }

    public static WebApplication MapAdmin(this WebApplication app)
    {
        app.MapGrpcService<NodeAdminService>();
        app.MapGrpcService<LookupAdminService>();
        app.MapGrpcService<CacheAdminService>();
        app.MapGrpcService<RangeAdminService>();
        app.MapGrpcService<PeerAdminService>();
        app.MapGrpcService<HealthAdminService>();
        app.MapGrpcService<BackupAdminService>();
        app.MapGrpcService<AuditAdminService>();
        app.MapGrpcReflectionService();
        return app;
    }
}
