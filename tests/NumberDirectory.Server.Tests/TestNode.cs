using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using NumberDirectory.Server.Agi;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Tests;

/// <summary>
/// A real node on 127.0.0.1 with an ephemeral port and its own data directory (a real LiteDB file),
/// started in-process. Settings are configuration keys, as in appsettings.json.
/// </summary>
internal sealed class TestNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestNode(WebApplication app, string dataDirectory, Uri address)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public string DataDirectory { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    /// <summary>Where the node's admin API (gRPC, HTTP/2 cleartext) listens.</summary>
    public Uri AdminAddress => new($"http://{Services.GetRequiredService<NumberDirectory.Server.Admin.AdminListener>().LocalEndpoint}");

    /// <summary>Where the admin API's JSON listener (HTTP/1.1) listens, when Admin:JsonListen is set.</summary>
    public Uri AdminJsonAddress => new($"http://{Services.GetRequiredService<NumberDirectory.Server.Admin.AdminListener>().JsonEndpoint}");

    /// <summary>Where the node's FastAGI door listens.</summary>
    public IPEndPoint Agi => Services.GetRequiredService<AgiListener>().LocalEndpoint!;

    /// <summary>Where the node's ENUM door listens, UDP and TCP.</summary>
    public IPEndPoint Enum => Services.GetRequiredService<NumberDirectory.Server.EnumDns.EnumListener>().LocalEndpoint!;

    public IServiceProvider Services => _app.Services;

    /// <summary>The DUNDi UDP endpoint the node bound.</summary>
    public IPEndPoint DundiAddress => Services.GetRequiredService<NumberDirectory.Server.Dundi.DundiEndpoint>().LocalEndpoint;

    public static async Task<TestNode> StartAsync(
        string dataDirectory,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var app = Build(dataDirectory, settings, services);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        // Kestrel serves the HTTP door and the admin API; the door's is the address that is not the admin's.
        var listener = app.Services.GetService<NumberDirectory.Server.Admin.AdminListener>();
        int?[] adminPorts = [listener?.LocalEndpoint?.Port, listener?.JsonEndpoint?.Port];
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => !adminPorts.Contains(new Uri(a).Port));
        return new TestNode(app, dataDirectory, new Uri(address));
    }

    /// <summary>Builds a node without starting it, for tests of startup failures.</summary>
    public static WebApplication Build(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Node:DataDirectory"] = dataDirectory,
            ["Http:Listen"] = "127.0.0.1:0",
            ["Dundi:Listen"] = "127.0.0.1:0",
            ["Dundi:Contexts:0"] = "e164",
            ["Agi:Listen"] = "127.0.0.1:0",
            ["Admin:Listen"] = "127.0.0.1:0",
            ["Enum:Listen"] = "127.0.0.1:0",

            // Hundreds of nodes start in a test run; the warm-up has tests of its own.
            ["Node:WarmUp"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        // Dundi:Enabled and Admin:Enabled decide which services are registered, before the callback
        // below adds the settings, so they go on the command line.
        string[] args = [.. all.Where(s => s.Key is "Dundi:Enabled" or "Admin:Enabled").Select(s => $"--{s.Key}={s.Value}")];

        // The content root is the (empty) data directory's parent, so no appsettings.json is read:
        // each test states all the configuration it relies on.
        return NumberDirectoryNode.Create(args, Path.GetDirectoryName(dataDirectory), builder =>
        {
            builder.Configuration.AddInMemoryCollection(all);
            builder.Logging.ClearProviders();
            services?.Invoke(builder.Services);
        });
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
