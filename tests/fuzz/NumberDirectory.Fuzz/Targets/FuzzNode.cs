using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NumberDirectory.Fuzz.Seeds;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Fuzz.Targets;

/// <summary>
/// A real node on 127.0.0.1 with ephemeral ports and its own data directory, as the server tests start
/// one: node B of the captures (02:00:00:00:00:0b, nodeb.key), publishing <c>_4XXX</c>; what it logs as an
/// error is kept in <see cref="Errors"/>.
/// </summary>
internal sealed class FuzzNode : IDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private FuzzNode(WebApplication app, string directory, ErrorLog errors)
    {
        _app = app;
        _directory = directory;
        Errors = errors;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new Uri(address);
    }

    public IServiceProvider Services => _app.Services;

    public ErrorLog Errors { get; }

    public Uri Http { get; }

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Starts a node with <paramref name="settings"/> on top of the defaults; <paramref name="time"/> replaces its clock.</summary>
    public static FuzzNode Start(IReadOnlyDictionary<string, string?> settings, TimeProvider? time = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "nd-fuzz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);

        // The node wants its private key readable by its owner only.
        var privateKey = Path.Combine(directory, "nodeb.key");
        File.Copy(Path.Combine(FixtureKeys.Directory, "nodeb.key"), privateKey);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(privateKey, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var all = new Dictionary<string, string?>
        {
            ["Node:Id"] = "02:00:00:00:00:0b",
            ["Node:DataDirectory"] = Path.Combine(directory, "data"),
            ["Node:WarmUp"] = "false",
            ["Http:Listen"] = "127.0.0.1:0",
            ["Admin:Listen"] = "127.0.0.1:0",
            ["Dundi:Listen"] = "127.0.0.1:0",
            ["Dundi:Contexts:0"] = "e164",
            ["Dundi:PrivateKey"] = privateKey,
            ["Agi:Listen"] = "127.0.0.1:0",
            ["Ranges:0:Pattern"] = "_4XXX",
            ["Ranges:0:Routes:0:Uri"] = "iax2:pbx-b.example.net/${NUMBER}",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var errors = new ErrorLog();
        var app = NumberDirectoryNode.Create([], directory, builder =>
        {
            builder.Configuration.AddInMemoryCollection(all);
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(errors);
            if (time is not null)
            {
                builder.Services.Replace(ServiceDescriptor.Singleton(time));
            }
        });
        try
        {
            app.StartAsync().GetAwaiter().GetResult();
        }
        catch
        {
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Directory.Delete(directory, recursive: true);
            throw;
        }

        return new FuzzNode(app, directory, errors);
    }

    public static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still closing; the temporary directory is the system's to clean.
        }
    }
}
