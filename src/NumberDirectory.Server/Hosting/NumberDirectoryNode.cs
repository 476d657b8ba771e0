using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Options;
using NumberDirectory.Server.Import;
using NumberDirectory.Server.Storage;

namespace NumberDirectory.Server.Hosting;

/// <summary>Builds and runs a node; <c>Program.cs</c> and the functional tests both start here.</summary>
public static class NumberDirectoryNode
{
    /// <summary>Exit code when configuration or storage stops startup.</summary>
    public const int ExitConfigError = 2;

    /// <summary>Exit code when the node stopped on an error while running.</summary>
    public const int ExitFailed = 1;

    /// <summary>
    /// Creates a node. Configuration comes from <c>appsettings.json</c> in <paramref name="contentRoot"/>
    /// (default: beside the executable) or instead from the file named by <c>--config</c>, then environment
    /// variables (<c>NUMBERDIRECTORY_</c> prefix) and the command line. <paramref name="configure"/>
    /// lets tests add configuration or replace services.
    /// </summary>
    public static WebApplication Create(string[] args, string? contentRoot = null, Action<WebApplicationBuilder>? configure = null)
    {
        EnsureThreads();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = contentRoot ?? AppContext.BaseDirectory,
        });
        AddConfigFile(builder, args);

        // ASP.NET's per-request information lines drown the node's own; a config file may still ask for them.
        if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] is null)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }

        // The host logs a start-up failure as an error with its stack trace; RunAsync prints it as one
        // line instead (the trace with Node:Debug). Its critical lines (a service that failed while
        // running stops the node) still show.
        if (builder.Configuration[$"Logging:LogLevel:{HostCategory}"] is null)
        {
            builder.Logging.AddFilter(HostCategory, LogLevel.Critical);
        }

        builder.AddNumberDirectory();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapNumberDirectory();
        return app;
    }

    /// <summary>Checks a configuration the way startup does; returns one line per problem.</summary>
    public static IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        using var services = new ServiceCollection().AddNodeOptions(configuration).BuildServiceProvider();
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }
        catch (AggregateException ex)
        {
            return [.. ex.InnerExceptions.SelectMany(e => e is OptionsValidationException o ? o.Failures : [e.Message])];
        }
        catch (InvalidOperationException ex)
        {
            return [ex.Message];
        }
    }

    /// <summary>
    /// Runs a node until it is stopped; startup errors are printed with the option to fix.
    /// <c>import-dundi …</c> as the first argument runs the dundi.conf importer instead, <c>dundi-keygen …</c>
    /// makes a DUNDi key pair.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        // Administrative commands run before (and instead of) the host.
        if (ImportDundiCommand.Matches(args))
        {
            return await ImportDundiCommand.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
        }

        if (Dundi.DundiKeygenCommand.Matches(args))
        {
            return await Dundi.DundiKeygenCommand.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
        }

        var debug = DebugRequested(new ConfigurationBuilder().AddEnvironmentVariables("NUMBERDIRECTORY_"), args);
        WebApplication app;
        try
        {
            app = Create(args);
        }
        catch (Exception ex)
        {
            return await CannotStartAsync(ex, debug).ConfigureAwait(false);
        }

        try
        {
            debug = debug || (bool.TryParse(app.Configuration["Node:Debug"], out var fromFile) && fromFile);
            try
            {
                await app.StartAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                return await CannotStartAsync(ex, debug).ConfigureAwait(false);
            }

            try
            {
                await app.WaitForShutdownAsync().ConfigureAwait(false);
                return 0;
            }
            catch (Exception ex)
            {
                await Console.Error.WriteLineAsync($"numberdirectory: stopped: {ex.Message}").ConfigureAwait(false);
                await StackTraceAsync(ex, debug).ConfigureAwait(false);
                return ExitFailed;
            }
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The administrator-facing text of an error that stops startup, or null for anything else.</summary>
    public static string? StartupFailure(Exception exception) => exception switch
    {
        OptionsValidationException validation => string.Join(Environment.NewLine + "  ", validation.Failures.Prepend("invalid configuration:")),
        AggregateException aggregate when aggregate.InnerExceptions.All(e => StartupFailure(e) is not null) =>
            string.Join(Environment.NewLine, aggregate.InnerExceptions.Select(e => StartupFailure(e))),
        StorageException storage => storage.Message,
        StartupException startup => startup.Message,
        InvalidOperationException { InnerException: StorageException storage } => storage.Message,
        InvalidOperationException bind when bind.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => bind.Message,
        FileNotFoundException or InvalidDataException or FormatException => $"configuration error: {exception.Message}",
        _ => null,
    };

    /// <summary>
    /// One line on stderr (the reason, naming the option to change) and exit 2; an error nobody
    /// foresaw is reported the same way, by its message. The stack trace only with <c>Node:Debug</c>.
    /// </summary>
    private static async Task<int> CannotStartAsync(Exception exception, bool debug)
    {
        var reason = StartupFailure(exception) ?? $"{exception.Message} ({exception.GetType().Name}; --Node:Debug true shows where)";
        await Console.Error.WriteLineAsync($"numberdirectory: cannot start: {reason}").ConfigureAwait(false);
        await StackTraceAsync(exception, debug).ConfigureAwait(false);
        return ExitConfigError;
    }

    private static async Task StackTraceAsync(Exception exception, bool debug)
    {
        if (debug)
        {
            await Console.Error.WriteLineAsync(exception.ToString()).ConfigureAwait(false);
        }
    }

    // Node:Debug from the environment and the command line, known before any file is read (the file may be the problem).
    private static bool DebugRequested(IConfigurationBuilder environment, string[] args)
    {
        try
        {
            return bool.TryParse(environment.AddCommandLine(args).Build()["Node:Debug"], out var debug) && debug;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// On a small machine the thread pool starts with one worker per core and adds more only every
    /// half second when starved; a library call that blocks a worker (LiteDB's writer, a slow DNS
    /// resolution) would then delay every DUNDi retransmission and deadline timer behind it. A few
    /// spare workers keep the timers on time.
    /// </summary>
    private static void EnsureThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (workers < MinWorkerThreads)
        {
            ThreadPool.SetMinThreads(MinWorkerThreads, io);
        }
    }

    private const int MinWorkerThreads = 16;

    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private static void AddConfigFile(WebApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddEnvironmentVariables("NUMBERDIRECTORY_");
        var file = builder.Configuration["config"];
        if (!string.IsNullOrEmpty(file))
        {
            // The named file replaces appsettings.json rather than layering over it: arrays such as
            // Ranges merge index by index, so layering would mix entries of both files.
            var sources = builder.Configuration.Sources;
            foreach (var json in sources.OfType<JsonConfigurationSource>().Where(s => s.Path?.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) == true).ToList())
            {
                sources.Remove(json);
            }

            builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
        }

        // The command line keeps the last word over the file it names and the environment.
        builder.Configuration.AddCommandLine(args);
    }
}
