using System.Globalization;
using Microsoft.Extensions.Hosting.Systemd;

namespace NumberDirectory.Server.Hosting;

/// <summary>
/// The node as a systemd service of <c>Type=notify</c> (samples/systemd/, README §Installing as a
/// service): <c>READY=1</c> once the host has started, <c>STOPPING=1</c> when it begins to stop,
/// both sent by the generic host's <see cref="SystemdLifetime"/> to <c>NOTIFY_SOCKET</c>.
/// </summary>
/// <remarks>
/// The host raises <c>ApplicationStarted</c>, on which the lifetime sends <c>READY=1</c>, only after
/// every hosted service's <c>StartAsync</c> (the ranges loaded, the DUNDi, FastAGI and ENUM sockets
/// bound, Kestrel listening for the HTTP door and the admin API) and every <c>StartedAsync</c> (the
/// doors' warm-up, <see cref="NodeWarmup"/>) have returned; a start that throws never raises it.
/// docs/architecture.md §Running as a systemd service.
/// </remarks>
public static class SystemdExtensions
{
    /// <summary>
    /// True when systemd started this process as a service's main process: the library's test (its
    /// parent is systemd, or it is PID 1 with <c>NOTIFY_SOCKET</c>), or <c>SYSTEMD_EXEC_PID</c>
    /// naming this process, as systemd 248 and later set it.
    /// </summary>
    /// <remarks>
    /// The library's test reads <c>/proc/&lt;parent&gt;/comm</c>, which <c>ProtectProc=invisible</c>
    /// hides from a service that does not run as root: without the second test such a service would
    /// never send <c>READY=1</c>, and systemd would kill it at <c>TimeoutStartSec</c>.
    /// </remarks>
    public static bool UnderSystemd() =>
        SystemdHelpers.IsSystemdService()
        || (int.TryParse(Environment.GetEnvironmentVariable(ExecPidVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && pid == Environment.ProcessId);

    /// <summary>
    /// Under systemd, replaces the console lifetime with <see cref="SystemdLifetime"/> (which also
    /// stops the node on SIGTERM); elsewhere changes nothing. The log format is chosen with the rest
    /// of logging (<see cref="LoggingExtensions"/>), so a configured one still wins under systemd.
    /// </summary>
    public static WebApplicationBuilder AddSystemdService(this WebApplicationBuilder builder, bool underSystemd)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (underSystemd && (OperatingSystem.IsLinux() || OperatingSystem.IsFreeBSD()))
        {
            builder.Services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
            builder.Services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }

        return builder;
    }

    private const string ExecPidVariable = "SYSTEMD_EXEC_PID";
}
