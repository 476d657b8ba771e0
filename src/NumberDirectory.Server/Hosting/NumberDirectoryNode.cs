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

    /// <summary>The prefix of environment variables that set options (<c>NUMBERDIRECTORY_Http__Listen</c>).</summary>
    public const string EnvironmentPrefix = "NUMBERDIRECTORY_";

    /// <summary>
    /// Creates a node. Configuration comes from <c>appsettings.json</c> in <paramref name="contentRoot"/>
    /// (default: beside the executable) or instead from the file named by <c>--config</c>, then environment
    /// variables (<c>NUMBERDIRECTORY_</c> prefix) and the command line, each overriding the one before.
    /// <paramref name="configure"/> lets tests add configuration or replace services. A command line or
    /// file that cannot be read throws <see cref="ConfigurationException"/>; <see cref="RunAsync"/> checks
    /// the rest before it starts the node (each section is validated again when the host starts).
    /// </summary>
    public static WebApplication Create(string[] args, string? contentRoot = null, Action<WebApplicationBuilder>? configure = null)
    {
        var command = NodeCommandLine.Parse(args);
        if (command.Problems.Count > 0)
        {
            throw new ConfigurationException(command.Problems);
        }

        EnsureThreads();
        WebApplicationBuilder builder;
        try
        {
            builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                Args = command.Options,
                ContentRootPath = contentRoot ?? AppContext.BaseDirectory,
            });
        }
        catch (InvalidDataException ex)
        {
            throw new ConfigurationException(ConfigFile.Describe(ConfigFile.NamedIn(ex) ?? "appsettings.json", ex), ex);
        }

        if (command.ConfigFile is { } file)
        {
            ConfigFile.Add(builder.Configuration, file);
        }

        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);

        // The command line keeps the last word over the file and the environment.
        builder.Configuration.AddCommandLine(command.Options);

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

        var systemd = SystemdExtensions.UnderSystemd();
        builder.AddNodeLogging(systemd).AddSystemdService(systemd);
        builder.AddNumberDirectory();
        configure?.Invoke(builder);
        AddOrigins(builder, command.Options);

        // A log level the logger does not know stops Build() with an exception naming no key: the
        // whole check runs here instead, so it is reported with every other mistake.
        if (LoggingConfigurationValidator.Validate(builder.Configuration).Any())
        {
            throw new ConfigurationException(ConfigurationCheck.Run(builder.Configuration, [ConfigurationOrigin.Whole(builder.Configuration)]).Errors);
        }

        var app = builder.Build();
        app.MapNumberDirectory();
        return app;
    }

    /// <summary>Checks a configuration the way startup does; returns one line per problem that would stop it.</summary>
    public static IReadOnlyList<string> Validate(IConfiguration configuration) =>
        ConfigurationCheck.Run(configuration, [ConfigurationOrigin.Whole(configuration)]).Errors;

    /// <summary>
    /// Runs a node until it is stopped; startup errors are printed with the option to fix.
    /// <c>import-dundi …</c> as the first argument runs the dundi.conf importer instead, <c>dundi-keygen …</c>
    /// makes a DUNDi key pair, <c>--help</c> prints the usage.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);

        // Administrative commands run before (and instead of) the host.
        if (ImportDundiCommand.Matches(args))
        {
            return await ImportDundiCommand.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
        }

        if (Dundi.DundiKeygenCommand.Matches(args))
        {
            return await Dundi.DundiKeygenCommand.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
        }

        if (Backup.RestoreCommand.Matches(args))
        {
            return await Backup.RestoreCommand.RunAsync(args, Console.Out, Console.Error, TimeProvider.System).ConfigureAwait(false);
        }

        if (NodeCommandLine.Parse(args) is { Help: true })
        {
            await Console.Out.WriteLineAsync(NodeCommandLine.Usage).ConfigureAwait(false);
            return 0;
        }

        var options = args is [NodeCommandLine.RunVerb, .. var rest] ? rest : args;
        var debug = DebugRequested(new ConfigurationBuilder().AddEnvironmentVariables(EnvironmentPrefix), options);
        WebApplication app;
        try
        {
            app = Create(options);
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
                await CheckAsync(app).ConfigureAwait(false);
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
        ConfigurationException configuration => string.Join(Environment.NewLine + "  ", configuration.Errors.Prepend("invalid configuration:")),
        OptionsValidationException validation => string.Join(Environment.NewLine + "  ", validation.Failures.Prepend("invalid configuration:")),
        AggregateException aggregate when aggregate.InnerExceptions.All(e => StartupFailure(e) is not null) =>
            string.Join(Environment.NewLine, aggregate.InnerExceptions.Select(e => StartupFailure(e))),
        StorageException storage => storage.Message,
        StartupException startup => startup.Message,
        InvalidOperationException { InnerException: StorageException storage } => storage.Message,
        InvalidOperationException bind when bind.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => bind.Message,
        _ => null,
    };

    /// <summary>
    /// The whole configuration, before anything is created or opened (the host creates its services,
    /// the data file and the DUNDi socket among them, before its own start-up validation): unknown keys
    /// are warned about, and every error is thrown at once.
    /// </summary>
    private static async Task CheckAsync(WebApplication app)
    {
        var report = ConfigurationCheck.Run(app.Configuration, [.. app.Services.GetServices<ConfigurationOrigin>()]);
        foreach (var warning in report.Warnings)
        {
            await Console.Error.WriteLineAsync($"numberdirectory: warning: {warning}").ConfigureAwait(false);
        }

        if (report.Warnings.Count > 0)
        {
            await Console.Error.WriteLineAsync("numberdirectory: warning: the keys above are ignored (with Node:StrictConfig true they stop the node)").ConfigureAwait(false);
        }

        if (report.Errors.Count > 0)
        {
            throw new ConfigurationException(report.Errors);
        }
    }

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

    /// <summary>Where keys were written, for the unknown-key check: the JSON files, our environment variables, the command line.</summary>
    private static void AddOrigins(WebApplicationBuilder builder, string[] args)
    {
        foreach (var file in ((IConfigurationRoot)builder.Configuration).Providers.OfType<JsonConfigurationProvider>())
        {
            builder.Services.AddSingleton(ConfigurationOrigin.File(file));
        }

        builder.Services.AddSingleton(ConfigurationOrigin.Environment(EnvironmentPrefix));
        builder.Services.AddSingleton(ConfigurationOrigin.CommandLine(args));
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
}
